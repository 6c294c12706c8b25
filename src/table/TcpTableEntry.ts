/** The host stack's view of one TCB, the input from which GetTcpTable2 / GetTcp6Table2 build their rows. */
import type { MIB_TCP_STATE } from '../ndis/TCPSTATE.js';
import type { TCP_CONNECTION_OFFLOAD_STATE } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { isIpv4AddressText, parseIpv6Address } from './parseAddress.js';

/** One TCB as the host stack reports it to the table. Ports are in host order. */
export interface TcpTableEntry {
  /** Dotted IPv4 `10.0.0.1` or IPv6 text `fe80::1`. */
  readonly localAddress: string;
  /** Host order, 0..65535. */
  readonly localPort: number;
  readonly remoteAddress: string;
  /** Host order, 0..65535. */
  readonly remotePort: number;
  /** IPv6 only; default 0. */
  readonly localScopeId?: number;
  /** IPv6 only; default 0. */
  readonly remoteScopeId?: number;
  readonly owningPid: number;
  readonly state: MIB_TCP_STATE;
  readonly offloadState: TCP_CONNECTION_OFFLOAD_STATE;
}

/** The table an entry belongs to. */
export type AddressFamily = 'IPv4' | 'IPv6';

/**
 * IPv4 when both addresses are dotted quads, IPv6 otherwise.
 * @throws RangeError naming the text when an entry that is not IPv4 has an address that is not IPv6 text
 * (so a malformed entry is reported rather than silently left out of both tables).
 */
export function addressFamilyOf(entry: TcpTableEntry): AddressFamily {
  if (isIpv4AddressText(entry.localAddress) && isIpv4AddressText(entry.remoteAddress)) return 'IPv4';
  parseIpv6Address(entry.localAddress);
  parseIpv6Address(entry.remoteAddress);
  return 'IPv6';
}

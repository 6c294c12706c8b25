/**
 * A connection as the network names it: its 4-tuple, from this machine's side (local = this host).
 * Addresses are kept in canonical text (RFC 5952), so one connection has one name.
 */
import { internKey } from '../data/internKey.js';

export interface FourTuple {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/** The 4-tuple alone, as a value (a record that has one, such as a TCB, is not passed on). */
export function fourTupleOf(t: FourTuple): FourTuple {
  return { localAddress: t.localAddress, localPort: t.localPort, remoteAddress: t.remoteAddress, remotePort: t.remotePort };
}

/** `10.0.0.1:49152-10.0.0.2:443`: the connection's name on the wire, and the key it is kept under. */
export function fourTupleText(t: FourTuple): string {
  return internKey(`${t.localAddress}:${t.localPort}-${t.remoteAddress}:${t.remotePort}`);
}

/** The key of a connection among its path's connections: `49152-443` (never an array index, so records keep insertion order). */
export function portsKey(localPort: number, remotePort: number): string {
  return internKey(`${localPort}-${remotePort}`);
}

/** The key of a path: `10.0.0.1->10.0.0.2`. */
export function pathKey(SourceAddress: string, DestinationAddress: string): string {
  return internKey(`${SourceAddress}->${DestinationAddress}`);
}

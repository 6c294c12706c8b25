/**
 * The host's transmission control block, plain data: one per connection, with the RFC 793 state (`tcp`)
 * and the offload state (`offload`) as two separate regions (FreeBSD TOE style: offload bookkeeping
 * beside the TCP state, not in place of it). Its streams' bookkeeping is a TcbStream, made on first use.
 */
import type { NDIS_OFFLOAD_HANDLE } from '../../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../ndis/stateStructures.js';
import type { TcbStream } from './TcbStream.js';
import type { HostRetransmit } from './retransmit.js';

/** A transmission control block. */
export interface Tcb {
  readonly kind: 'Tcp';
  /** The connection id used by commands and scenarios (`1`, `web`). */
  readonly id: string;
  /** `tcp <id>`: its name in traces, and its key among the host's TCBs. */
  readonly label: string;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly owningPid: number;
  /** Its path's key. */
  readonly path: string;
  readonly handle: NDIS_OFFLOAD_HANDLE;
  /** RFC 793 region: a TCPSTATE value. */
  tcp: number;
  /** Offload region: a TCP_CONNECTION_OFFLOAD_STATE value. */
  offload: number;
  /** Optimum send backlog the target last indicated (TcpIndicateSendBacklogChange), bytes; 0 = none yet. */
  sendBacklog: number;
  /** An upload the host owes (a TCP_UPLOAD_REASON, or -1 for its own reasons) once the offload completes; 0 = none. */
  uploadOwed: number;
  /** Updates, queries and invalidates of this TCP object in flight; a terminate waits for them (reference §6.2). */
  opsInFlight: number;
  /** TcpIndicateDisconnect arrived: the receive half is closed. */
  disconnectIndicated: boolean;
  /** TcpIndicateAbort arrived: the TCB is being deleted. */
  aborted: boolean;
  /** The streams' bookkeeping, made when the connection first carries data (most never do at scale). */
  stream: TcbStream | null;
  /** Delegated state handed back by the last terminate. */
  returnedState: TCP_OFFLOAD_STATE_DELEGATED | null;
  /** The TCB was deleted (2MSL after TIME_WAIT, or an RST in it): CLOSED, and gone from the connection table. */
  deleted: boolean;
  /** The host's retransmit state (only with TCP timers set: a wire that can lose). */
  retransmit?: HostRetransmit;
}

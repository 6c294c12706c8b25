/** A connection's receive state at the target (TargetReceive), made on first use. */
import type { NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { delegatedOf, type TargetObject, type TargetReceive } from './TargetState.js';

/** RFC 793 states in which the peer's FIN has been received (it took the sequence number just before RcvNxt). */
const PEER_FIN_RECEIVED: ReadonlySet<number> = new Set([TCPSTATE.TCPSTATE_CLOSE_WAIT, TCPSTATE.TCPSTATE_CLOSING, TCPSTATE.TCPSTATE_LAST_ACK, TCPSTATE.TCPSTATE_TIME_WAIT]);

/** Is the peer's FIN in, by the RFC 793 state? */
export function peerFinReceived(State: number): boolean {
  return PEER_FIN_RECEIVED.has(State);
}

/**
 * Where the peer's data ends for now: RcvNxt, or — once its FIN came — the FIN's sequence number (the
 * FIN takes the one number after the last data byte, so RcvNxt is one past it).
 */
export function receivedDataEnd(o: TargetObject): number {
  const finAt = o.receive?.finAt ?? -1;
  return finAt >= 0 ? finAt : delegatedOf(o).RcvNxt;
}

/** The connection's receive state, made on first use (its buffer starts at RcvNxt). */
export function receiveOf(o: TargetObject): TargetReceive {
  return (o.receive ??= {
    delivered: delegatedOf(o).RcvNxt, posted: [], indicating: null, indicatingBytes: 0, lentBytes: 0, indicationsBlocked: false,
    pushUpTo: 0, pushTimer: false, finAt: -1, finBeforeOffload: false, disconnectIndicated: false, outOfOrder: [], urgentAt: -1, owedEvents: null,
  });
}

/**
 * Initiate (reference §6.1): the host's buffered receive data is copied and will be delivered first. A
 * connection offloaded after the peer's FIN (CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT) has its data end
 * just before RcvNxt, and the host already knows of the FIN: no TcpIndicateDisconnect for it.
 */
export function takeBufferedData(o: TargetObject, BufferedData: NET_BUFFER_LIST | null | undefined): void {
  const d = delegatedOf(o);
  if (peerFinReceived(d.State)) {
    const r = receiveOf(o);
    // A connection declared in such a state has no stream behind it (RcvNxt 0): its FIN is before the stream.
    r.finAt = r.delivered = Math.max(0, d.RcvNxt - 1);
    r.finBeforeOffload = true;
  }
  const first = BufferedData ?? null;
  if (!first) return;
  receiveOf(o).delivered = first.DataOffset;
}

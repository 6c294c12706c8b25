/**
 * The target's send side (reference §6.6): MiniportTcpOffloadSend accepts every send, keeps the NBLs
 * in FIFO order and returns NDIS_STATUS_PENDING; queued bytes go on the wire at once; an ACK completes
 * the NBLs it covers with SUCCESS. A send for a connection it is uploading (a mandatory upload was
 * requested, or MiniportTerminateOffload already took it) completes with NDIS_STATUS_UPLOAD_IN_PROGRESS:
 * the host processes that data itself; one for a connection that was reset, with NDIS_STATUS_REQUEST_ABORTED.
 */
import { peerRightEdge, startPersistTimer } from './persistTimer.js';
import { advertiseAtTarget } from './targetWindow.js';
import { sendOwedFin } from './targetDisconnect.js';
import type { MiniportHandlerArgs } from '../../../ndis/calls.js';
import { chainNetBufferLists, nblEnd, type NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { connectionOf, refusedIoStatus, setSndNxt, type TargetCall } from './TargetCall.js';
import { finAcknowledged } from './targetDisconnect.js';
import { armRetransmit, retransmitAcked } from './targetRetransmit.js';
import { delegatedOf, hasFlag, isTerminating, objectOfContext, TargetFlags, type TargetObject } from './TargetState.js';

export function MiniportTcpOffloadSend(c: TargetCall, { MiniportOffloadContext, NetBufferList }: MiniportHandlerArgs['MiniportTcpOffloadSend']): number {
  const o = objectOfContext(c.s, MiniportOffloadContext);
  if (o) NetBufferList.MiniportReserved = { ...o.NdisOffloadHandle };
  const refused = refusedIoStatus(o);
  if (!o || refused !== null) {
    const Status = refused ?? NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
    for (let n: NET_BUFFER_LIST | null = NetBufferList; n; n = n.Next) n.Status = Status;
    c.ndis.NdisTcpOffloadSendComplete(c.s.NdisMiniportHandle, NetBufferList);
    return NDIS_STATUS.NDIS_STATUS_PENDING;
  }
  (o.sendQueue ??= []).push(NetBufferList);
  transmitQueued(c, o);
  return NDIS_STATUS.NDIS_STATUS_PENDING;
}

/**
 * Transmits every queued byte not yet sent, up to the right edge of the peer's window (one segment per
 * NBL, or the part of it the window lets through; behind a zero window the persist timer probes); a
 * graceful disconnect's FIN follows the last byte.
 */
export function transmitQueued(c: TargetCall, o: TargetObject): void {
  if (hasFlag(o, TargetFlags.UploadRequested) || isTerminating(o)) return;
  const d = delegatedOf(o);
  const edge = peerRightEdge(o);
  for (const n of o.sendQueue ?? []) {
    if (nblEnd(n) <= d.SndNxt) continue;
    const seq = Math.max(n.DataOffset, d.SndNxt);
    const end = Math.min(nblEnd(n), edge);
    if (end <= seq) break;
    c.nic.transmit({ connection: connectionOf(c, o), seq, len: end - seq, ack: d.RcvNxt, wnd: advertiseAtTarget(o) });
    setSndNxt(o, end);
  }
  startPersistTimer(c, o);
  sendOwedFin(c, o);
  armRetransmit(c, o);
}

/**
 * The retransmit timer expired: everything from SndUna goes again (go-back-N), as far as the peer's
 * window now reaches, the FIN too if it was sent and not acknowledged and all before it went again. A
 * peer that shrank its window meanwhile dropped what lay past it: SndNxt goes back to the right edge,
 * and the rest goes as the window opens.
 */
export function resendOutstanding(c: TargetCall, o: TargetObject): void {
  const d = delegatedOf(o);
  const sndMax = d.SndMax;
  const limit = Math.min(sndMax, peerRightEdge(o));
  d.SndNxt = d.SndUna;
  for (const n of o.sendQueue ?? []) {
    if (nblEnd(n) <= d.SndNxt) continue;
    const seq = Math.max(n.DataOffset, d.SndNxt);
    const end = Math.min(nblEnd(n), Math.max(limit, seq)); // what was sent before and fits the window, not beyond
    if (end <= seq) break;
    c.nic.transmit({ connection: connectionOf(c, o), seq, len: end - seq, ack: d.RcvNxt, wnd: advertiseAtTarget(o) });
    d.SndNxt = end;
  }
  const fin = finOutstanding(o, sndMax);
  if (limit < sndMax && d.SndNxt < sndMax - (fin ? 1 : 0)) return; // the window cut it short
  if (fin && sndMax > d.SndNxt) {
    // The FIN, sent and not acknowledged: it takes the last sequence number (SndMax - 1).
    c.nic.transmit({ connection: connectionOf(c, o), seq: sndMax - 1, len: 0, ack: d.RcvNxt, wnd: advertiseAtTarget(o), fin: true });
  }
  d.SndNxt = Math.max(d.SndNxt, sndMax);
}

/** RFC 793 states in which this side has closed and the peer has not acknowledged its FIN yet (it may still be owed). */
const OWN_FIN_UNACKED: ReadonlySet<number> = new Set([TCPSTATE.TCPSTATE_FIN_WAIT_1, TCPSTATE.TCPSTATE_CLOSING, TCPSTATE.TCPSTATE_LAST_ACK]);

/**
 * Is a FIN of this side sent and not acknowledged (it takes SndMax - 1)? This side has closed, and SndMax
 * lies past the end of the send data: a graceful disconnect's FIN once it went (sendOwedFin), or the
 * host's own, sent before the offload (the connection came in FIN_WAIT_1, CLOSING or LAST_ACK with SndMax
 * one past the send data it handed down).
 */
function finOutstanding(o: TargetObject, sndMax: number): boolean {
  const d = delegatedOf(o);
  const q = o.sendQueue ?? [];
  const last = q[q.length - 1];
  return OWN_FIN_UNACKED.has(d.State) && sndMax > (last ? nblEnd(last) : d.SndUna);
}

/** Query: bytes of send data the target holds and the peer has not acknowledged. */
export function sendBacklogSize(o: TargetObject): number {
  let bytes = 0;
  const { SndUna } = delegatedOf(o);
  for (const n of o.sendQueue ?? []) bytes += nblEnd(n) - Math.max(n.DataOffset, SndUna);
  return bytes;
}

/**
 * A segment from the peer for an offloaded connection. An ACK that covers whole NBLs completes them
 * with SUCCESS (reference §6.6: a send completes only when all its bytes were sent and acknowledged),
 * in order, in one NdisTcpOffloadSendComplete. One that also covers this side's FIN, sent and not yet
 * acknowledged, moves the RFC 793 state on (finAcknowledged).
 */
export function receiveAck(c: TargetCall, o: TargetObject, ack: number): void {
  const d = delegatedOf(o);
  if (ack <= d.SndUna) return;
  const fin = finOutstanding(o, d.SndMax); // before the NBLs it covers leave the queue
  d.SndUna = ack;
  retransmitAcked(c, o);
  const done: NET_BUFFER_LIST[] = [];
  const queue = o.sendQueue ?? [];
  for (let n = queue[0]; n !== undefined && nblEnd(n) <= ack; n = queue[0]) {
    queue.shift();
    n.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    n.TcpOffloadBytesTransferred = n.DataLength;
    done.push(n);
  }
  const chain = chainNetBufferLists(done);
  if (chain) c.ndis.NdisTcpOffloadSendComplete(c.s.NdisMiniportHandle, chain);
  if (fin) finAcknowledged(c, o, ack);
}

/**
 * MiniportTcpOffloadSend (reference §6.6): the target accepts every send, keeps the NBLs in FIFO order
 * and returns NDIS_STATUS_PENDING. A send for a connection it is uploading (a mandatory upload was
 * requested, or MiniportTerminateOffload already took it) completes with NDIS_STATUS_UPLOAD_IN_PROGRESS:
 * the host processes that data itself.
 */
import type { MiniportEdgeEvent } from '../../ndis/calls.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import type { OffloadTargetContext } from './OffloadTargetContext.js';
import { chainNetBufferLists, type NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import type { PathOffloadStructures } from '../../ndis/stateStructures.js';
import { hasFlag, TargetFlags, type FourTuple, type TargetObject } from './TargetObject.js';
import type { Segment } from '../../wire/Segment.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCPSTATE } from '../../ndis/TCPSTATE.js';
import { nextTcpState } from '../tcpStateMachine.js';
import { finAcknowledged } from './targetDisconnect.js';

export function MiniportTcpOffloadSend(c: OffloadTargetContext, event: Extract<MiniportEdgeEvent, { type: 'MiniportTcpOffloadSend' }>): void {
  const o = event.MiniportOffloadContext as TargetObject | null;
  event.returns.Status = NDIS_STATUS.NDIS_STATUS_PENDING;
  if (o?.owner === c.name) event.NetBufferList.MiniportReserved = o.NdisOffloadHandle;
  if (!o || o.owner !== c.name || o.layer !== 'Tcp' || hasFlag(o, TargetFlags.Terminated | TargetFlags.UploadRequested)) {
    for (let n: typeof event.NetBufferList | null = event.NetBufferList; n; n = n.Next) n.Status = NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
    c.ndis.NdisTcpOffloadSendComplete(c.miniportHandle, event.NetBufferList);
    return;
  }
  (o.sendQueue ??= []).push(event.NetBufferList);
  transmitQueued(c, o);
}

/** Transmits every queued byte not yet sent (one segment per NBL; the wire loses nothing, so no retransmission). */
export function transmitQueued(c: OffloadTargetContext, o: TargetObject): void {
  if (hasFlag(o, TargetFlags.UploadRequested | TargetFlags.Terminated)) return;
  for (const n of o.sendQueue ?? []) {
    const sndNxt = c.delegated.sndNxt(o.slot);
    if (n.DataEnd <= sndNxt) continue;
    const seq = Math.max(n.DataOffset, sndNxt);
    c.transmit({ connection: connectionOf(o), seq, len: n.DataEnd - seq, ack: 0 });
    c.delegated.setSndNxt(o.slot, n.DataEnd);
  }
}

/**
 * A segment from the peer for an offloaded connection. An ACK that covers whole NBLs completes them
 * with SUCCESS (reference §6.6: a send completes only when all its bytes were sent and acknowledged),
 * in order, in one NdisTcpOffloadSendComplete.
 */
export function receiveAck(c: OffloadTargetContext, o: TargetObject, ack: number): void {
  if (ack <= c.delegated.sndUna(o.slot)) return;
  c.delegated.setSndUna(o.slot, ack);
  const done: NET_BUFFER_LIST[] = [];
  const queue = o.sendQueue ?? [];
  while (queue.length > 0 && queue[0]!.DataEnd <= ack) {
    const n = queue.shift()!;
    n.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    n.TcpOffloadBytesTransferred = n.DataLength;
    done.push(n);
  }
  if (done.length > 0) c.ndis.NdisTcpOffloadSendComplete(c.miniportHandle, chainNetBufferLists(done)!);
  finAcknowledged(c, o, ack);
}

/** The connection's 4-tuple, from its path's constant state and its ports. */
export function connectionOf(o: TargetObject): FourTuple {
  const path = (o.parent!.state as PathOffloadStructures).Const!;
  return { localAddress: path.SourceAddress, localPort: o.key >>> 16, remoteAddress: path.DestinationAddress, remotePort: o.key & 0xffff };
}

/**
 * Reference §6.9, §6.12: an acceptable RST (seq = RCV.NXT) aborts the connection: the target indicates
 * TcpIndicateAbort and completes every outstanding send with NDIS_STATUS_REQUEST_ABORTED; an RST
 * outside the window is dropped. A FIN closes the receive half: TcpIndicateDisconnect (no receive data
 * is modelled yet, so nothing is left to consume first).
 */
export function receiveControl(c: OffloadTargetContext, o: TargetObject, s: Segment, rcvNxt: number): void {
  if (s.rst) {
    if (s.seq !== rcvNxt) return; // out of window: drop silently
    o.flags |= TargetFlags.UploadRequested; // stop processing; the host will terminate
    c.delegated.setTcpState(o.slot, TCPSTATE.TCPSTATE_CLOSED);
    c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort, 0);
    const aborted = o.sendQueue ?? [];
    o.sendQueue = null;
    for (const n of aborted) n.Status = NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED;
    if (aborted.length > 0) c.ndis.NdisTcpOffloadSendComplete(c.miniportHandle, chainNetBufferLists(aborted)!);
    return;
  }
  if (s.fin) {
    const state = c.delegated.tcpState(o.slot);
    c.delegated.setTcpState(o.slot, nextTcpState(state, { type: 'TcpIndicateDisconnect' }) ?? state);
    c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect, 0);
  }
}

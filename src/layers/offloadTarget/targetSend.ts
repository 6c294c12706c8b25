/**
 * The target's send side (reference §6.6): MiniportTcpOffloadSend accepts every send, keeps the NBLs
 * in FIFO order and returns NDIS_STATUS_PENDING; queued bytes go on the wire at once; an ACK completes
 * the NBLs it covers with SUCCESS. A send for a connection it is uploading (a mandatory upload was
 * requested, or MiniportTerminateOffload already took it) completes with NDIS_STATUS_UPLOAD_IN_PROGRESS:
 * the host processes that data itself; one for a connection that was reset, with NDIS_STATUS_REQUEST_ABORTED.
 */
import type { MiniportEdgeEvent } from '../../ndis/calls.js';
import { chainNetBufferLists, type NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { refusedIoStatus, type OffloadTargetContext } from './OffloadTargetContext.js';
import { finAcknowledged } from './targetDisconnect.js';
import { connectionOf } from './targetSegments.js';
import { hasFlag, TargetFlags, type TargetObject } from './TargetObject.js';

export function MiniportTcpOffloadSend(c: OffloadTargetContext, event: Extract<MiniportEdgeEvent, { type: 'MiniportTcpOffloadSend' }>): void {
  const o = event.MiniportOffloadContext as TargetObject | null;
  event.returns.Status = NDIS_STATUS.NDIS_STATUS_PENDING;
  if (o?.owner === c.name) event.NetBufferList.MiniportReserved = o.NdisOffloadHandle;
  const refused = refusedIoStatus(c, o);
  if (!o || refused !== null) {
    const Status = refused ?? NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
    for (let n: typeof event.NetBufferList | null = event.NetBufferList; n; n = n.Next) n.Status = Status;
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

/** Query: bytes of send data the target holds and the peer has not acknowledged. */
export function sendBacklogSize(c: OffloadTargetContext, o: TargetObject): number {
  let bytes = 0;
  for (const n of o.sendQueue ?? []) bytes += n.DataEnd - Math.max(n.DataOffset, c.delegated.sndUna(o.slot));
  return bytes;
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

/**
 * MiniportTcpOffloadSend (reference §6.6): the target accepts every send, keeps the NBLs in FIFO order
 * and returns NDIS_STATUS_PENDING. A send for a connection it is uploading (a mandatory upload was
 * requested, or MiniportTerminateOffload already took it) completes with NDIS_STATUS_UPLOAD_IN_PROGRESS:
 * the host processes that data itself.
 */
import type { MiniportEdgeEvent } from '../../ndis/calls.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import type { OffloadTargetContext } from './OffloadTargetContext.js';
import type { TargetObject } from './TargetObject.js';

export function MiniportTcpOffloadSend(c: OffloadTargetContext, event: Extract<MiniportEdgeEvent, { type: 'MiniportTcpOffloadSend' }>): void {
  const o = event.MiniportOffloadContext as TargetObject | null;
  event.returns.Status = NDIS_STATUS.NDIS_STATUS_PENDING;
  if (!o || o.owner !== c.name || o.layer !== 'Tcp' || o.terminated || o.uploadRequested) {
    for (let n: typeof event.NetBufferList | null = event.NetBufferList; n; n = n.Next) n.Status = NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
    c.ndis.NdisTcpOffloadSendComplete(c.miniportHandle, event.NetBufferList);
    return;
  }
  (o.sendQueue ??= []).push(event.NetBufferList);
}

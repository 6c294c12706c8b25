/**
 * MiniportTcpOffloadForward (reference §6.8): TCP segments the host received for a connection and did
 * not process (they came while the offload was in flight) are processed as if they had just arrived,
 * and complete with SUCCESS; while the connection is being uploaded they complete with
 * NDIS_STATUS_UPLOAD_IN_PROGRESS (the host processes them), once it was reset with
 * NDIS_STATUS_REQUEST_ABORTED (the host drops them). The completion status names are the reference's
 * inference (marked unconfirmed there).
 */
import type { MiniportHandlerArgs } from '../../../ndis/calls.js';
import { netBufferListsOf } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import { refusedIoStatus, type TargetCall } from './TargetCall.js';
import { processSegment } from './targetSegments.js';
import { objectOfContext } from './TargetState.js';

export function MiniportTcpOffloadForward(c: TargetCall, { MiniportOffloadContext, NetBufferList }: MiniportHandlerArgs['MiniportTcpOffloadForward']): number {
  const o = objectOfContext(c.s, MiniportOffloadContext);
  const refused = refusedIoStatus(o);
  for (const n of netBufferListsOf(NetBufferList)) {
    if (o) n.MiniportReserved = { ...o.NdisOffloadHandle };
    if (o && refused === null && n.ForwardedSegment) processSegment(c, o, n.ForwardedSegment);
    n.Status = refused ?? NDIS_STATUS.NDIS_STATUS_SUCCESS;
  }
  c.ndis.NdisTcpOffloadForwardComplete(c.s.NdisMiniportHandle, NetBufferList);
  return NDIS_STATUS.NDIS_STATUS_PENDING;
}

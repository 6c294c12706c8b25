/**
 * MiniportTcpOffloadForward (reference §6.8): TCP segments the host received for a connection and did
 * not process (they came while the offload was in flight) are processed as if they had just arrived,
 * and complete with SUCCESS; while the connection is being uploaded they complete with
 * NDIS_STATUS_UPLOAD_IN_PROGRESS (the host processes them), once it was reset with
 * NDIS_STATUS_REQUEST_ABORTED (the host drops them). The completion status names are the reference's
 * inference (marked unconfirmed there).
 */
import type { MiniportEdgeEvent } from '../../ndis/calls.js';
import { netBufferListsOf } from '../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { refusedIoStatus, type OffloadTargetContext } from './OffloadTargetContext.js';
import { processSegment } from './targetSegments.js';
import type { TargetObject } from './TargetObject.js';

export function MiniportTcpOffloadForward(c: OffloadTargetContext, event: Extract<MiniportEdgeEvent, { type: 'MiniportTcpOffloadForward' }>): void {
  const o = event.MiniportOffloadContext as TargetObject | null;
  event.returns.Status = NDIS_STATUS.NDIS_STATUS_PENDING;
  const nbls = netBufferListsOf(event.NetBufferList);
  const refused = refusedIoStatus(c, o);
  for (const n of nbls) {
    if (o?.owner === c.name) n.MiniportReserved = o.NdisOffloadHandle;
    if (o && refused === null && n.ForwardedSegment) processSegment(c, o, n.ForwardedSegment);
    n.Status = refused ?? NDIS_STATUS.NDIS_STATUS_SUCCESS;
  }
  c.ndis.NdisTcpOffloadForwardComplete(c.miniportHandle, event.NetBufferList);
}

/**
 * The receive side of a terminate (reference §6.2 step 4): posted buffers complete, buffered data goes
 * back in the delegated BufferedData, and unacknowledged segments go up the normal receive path.
 */
import { chainNetBufferLists } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../ndis/stateStructures.js';
import type { TargetCall } from './TargetCall.js';
import { receivedDataEnd } from './receiveOf.js';
import type { TargetObject } from './TargetState.js';

/**
 * Terminate (reference §6.2 step 4): a partly filled buffer completes with SUCCESS, an empty one with
 * NDIS_STATUS_UPLOAD_IN_PROGRESS (the host fills it itself); what is still buffered goes back in the
 * delegated BufferedData, lent to the host until it returns it.
 */
export function handBackReceiveData(c: TargetCall, o: TargetObject, out: TCP_OFFLOAD_STATE_DELEGATED | undefined): void {
  const r = o.receive;
  if (!r) return;
  const posted = r.posted.splice(0);
  for (const n of posted) n.Status = n.TcpOffloadBytesTransferred > 0 ? NDIS_STATUS.NDIS_STATUS_SUCCESS : NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
  const chain = chainNetBufferLists(posted);
  if (chain) c.ndis.NdisTcpOffloadReceiveComplete(c.s.NdisMiniportHandle, chain);
  const rcvNxt = receivedDataEnd(o);
  if (!out || r.delivered >= rcvNxt) return;
  const nbl = c.ndis.NdisAllocateNetBufferList(o.NdisOffloadHandle.label, r.delivered, rcvNxt - r.delivered);
  c.s.lent[nbl.id] = o.id;
  out.BufferedData = nbl;
  r.delivered = rcvNxt;
}

/**
 * Terminate: segments kept ahead of RcvNxt (or after urgent data) were never acknowledged; they go up the normal receive path,
 * as segments arriving during the terminate do (a choice: the reference's SACK-capable target drops
 * them and the peer retransmits; no retransmission is modelled here).
 */
export function passUpOutOfOrder(c: TargetCall, o: TargetObject): void {
  const queued = o.receive?.outOfOrder.splice(0) ?? [];
  for (const segment of queued) c.ndis.NdisMIndicateReceiveNetBufferLists(c.s.NdisMiniportHandle, { segment });
}

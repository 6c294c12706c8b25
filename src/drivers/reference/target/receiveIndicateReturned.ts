/**
 * NdisTcpOffloadReceiveHandler returned (reference §6.7): SUCCESS — the host took it all and keeps the
 * NBL until MiniportTcpOffloadReceiveReturn; OFFLOAD_DATA_PARTIALLY_ACCEPTED — it took BytesConsumed;
 * OFFLOAD_DATA_NOT_ACCEPTED — none. After a refusal nothing is offered again until the host posts a
 * receive (a zero-byte one will do).
 */
import { windowUpdateAtTarget } from './targetWindow.js';
import type { ReceiveIndicateResult } from '../../../ndis/calls.js';
import type { NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import { deliverReceived } from './deliverReceived.js';
import type { TargetCall } from './TargetCall.js';
import { finishTerminates } from './targetTerminate.js';
import { isTerminating, objectById } from './TargetState.js';

/** NdisTcpOffloadReceiveHandler returned: account for what the host took, then go on delivering. */
export function receiveIndicateReturned(c: TargetCall, nbl: NET_BUFFER_LIST, result: ReceiveIndicateResult): void {
  const o = objectById(c.s, c.s.lent[nbl.id]);
  const r = o?.receive;
  if (!o || !r || r.indicating !== nbl.id) return;
  r.indicating = null;
  r.indicatingBytes = 0;
  if (result.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) {
    r.delivered += nbl.DataLength; // the host keeps the NBL until MiniportTcpOffloadReceiveReturn
    r.lentBytes += nbl.DataLength; // unread until then: it still takes receive window
  } else {
    delete c.s.lent[nbl.id]; // the target has its NBL back at once
    const consumed = result.Status === NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED ? Math.min(result.BytesConsumed, nbl.DataLength) : 0;
    r.delivered += consumed;
    r.indicationsBlocked = true;
    c.ndis.DbgPrint(`keeps ${nbl.DataLength - consumed} bytes buffered until the host posts a receive`, o.NdisOffloadHandle.label);
  }
  if (isTerminating(o)) finishTerminates(c);
  else {
    deliverReceived(c, o);
    windowUpdateAtTarget(c, o); // bytes the host copied (partly accepted) no longer take window
  }
}

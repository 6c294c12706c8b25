/**
 * MiniportTcpOffloadReceive (reference §6.7): the host posts receive buffers; they are filled FIFO by the
 * delivery algorithm. Receives posted after the FIN was indicated complete with NDIS_STATUS_INVALID_STATE.
 */
import { windowUpdateAtTarget } from './targetWindow.js';
import type { MiniportHandlerArgs } from '../../../ndis/calls.js';
import { netBufferListsOf } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import { deliverReceived } from './deliverReceived.js';
import { receiveOf } from './receiveOf.js';
import { refusedIoStatus, type TargetCall } from './TargetCall.js';
import { objectOfContext } from './TargetState.js';

/** MiniportTcpOffloadReceive: queue the buffers (FIFO) and return NDIS_STATUS_PENDING; a post re-enables indications. */
export function MiniportTcpOffloadReceive(c: TargetCall, { MiniportOffloadContext, NetBufferList }: MiniportHandlerArgs['MiniportTcpOffloadReceive']): number {
  const o = objectOfContext(c.s, MiniportOffloadContext);
  const nbls = netBufferListsOf(NetBufferList);
  if (o) for (const n of nbls) n.MiniportReserved = { ...o.NdisOffloadHandle };
  const refused = refusedIoStatus(o);
  const r = o && refused === null ? receiveOf(o) : null;
  if (!o || !r || refused !== null || r.disconnectIndicated) {
    const Status = refused ?? NDIS_STATUS.NDIS_STATUS_INVALID_STATE;
    for (const n of nbls) n.Status = Status;
    c.ndis.NdisTcpOffloadReceiveComplete(c.s.NdisMiniportHandle, NetBufferList);
    return NDIS_STATUS.NDIS_STATUS_PENDING;
  }
  for (const n of nbls) {
    n.Next = null;
    r.posted.push(n);
  }
  r.indicationsBlocked = false;
  deliverReceived(c, o);
  windowUpdateAtTarget(c, o); // buffered bytes that went into the buffers no longer take window
  return NDIS_STATUS.NDIS_STATUS_PENDING;
}

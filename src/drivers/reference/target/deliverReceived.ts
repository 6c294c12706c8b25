/**
 * The target's delivery algorithm (reference §6.7, §6.9). Received data waits in the target's buffer
 * ([delivered, RcvNxt)) until it is given to the host, in stream order:
 * 1. into posted receive buffers (MiniportTcpOffloadReceive), filled and completed FIFO with
 *    NdisTcpOffloadReceiveComplete — a push-mode buffer completes partly filled on PSH, on the FIN or
 *    when its push timer expires; a non-push buffer only when full;
 * 2. when no buffer is posted, offered with NdisTcpOffloadReceiveHandler (its return: receiveIndicateReturned).
 * One receive indication at a time per connection: the algorithm waits for its return.
 * The peer's FIN is indicated (TcpIndicateDisconnect) only once every byte before it was delivered.
 */
import { chainNetBufferLists, type NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { initiateReturned, type TargetCall } from './TargetCall.js';
import { startPushTimer } from './pushTimerExpired.js';
import { receivedDataEnd } from './receiveOf.js';
import { hasFlag, isTerminating, TargetFlags, type TargetObject, type TargetReceive } from './TargetState.js';

/**
 * The delivery algorithm: fill posted buffers in order and complete those that are done (one
 * NdisTcpOffloadReceiveComplete); with none posted, offer the rest; then, once everything before the
 * FIN was delivered, TcpIndicateDisconnect.
 */
export function deliverReceived(c: TargetCall, o: TargetObject): void {
  const r = o.receive;
  if (!r || r.indicating !== null || isTerminating(o) || hasFlag(o, TargetFlags.Aborted)) return;
  const rcvNxt = receivedDataEnd(o); // the data received in order (the FIN's number is not data)
  const done: NET_BUFFER_LIST[] = [];
  for (let n = r.posted[0]; n !== undefined; n = r.posted[0]) {
    if (n.DataOffset >= 0 && n.DataOffset + n.TcpOffloadBytesTransferred !== r.delivered) {
      // A buffer the host pre-filled with bytes that do not run on into the target's: it completes as it is.
      n.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
      done.push(n);
      r.posted.shift();
      continue;
    }
    const take = Math.min(n.DataLength - n.TcpOffloadBytesTransferred, rcvNxt - r.delivered);
    if (take > 0) {
      if (n.DataOffset < 0) n.DataOffset = r.delivered;
      n.TcpOffloadBytesTransferred += take;
      r.delivered += take;
    }
    const full = n.TcpOffloadBytesTransferred === n.DataLength;
    const pushed = !n.TcpReceiveNoPush && n.TcpOffloadBytesTransferred > 0 && (n.DataOffset < r.pushUpTo || r.finAt >= 0);
    if (!full && !pushed) {
      if (!n.TcpReceiveNoPush && n.TcpOffloadBytesTransferred > 0) startPushTimer(c, o, r);
      break;
    }
    n.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    done.push(n);
    r.posted.shift();
  }
  const chain = chainNetBufferLists(done);
  if (chain) c.ndis.NdisTcpOffloadReceiveComplete(c.s.NdisMiniportHandle, chain);
  if (!initiateReturned(o)) return; // no indication before NdisMInitiateOffloadComplete returned
  if (r.posted.length === 0 && r.delivered < rcvNxt && !r.indicationsBlocked) {
    const size = o.cached?.RcvIndicationSize || rcvNxt - r.delivered;
    const nbl = c.ndis.NdisAllocateNetBufferList(o.NdisOffloadHandle.label, r.delivered, Math.min(size, rcvNxt - r.delivered));
    nbl.MiniportReserved = { ...o.NdisOffloadHandle };
    r.indicating = nbl.id;
    r.indicatingBytes = nbl.DataLength;
    c.s.lent[nbl.id] = o.id;
    c.ndis.NdisTcpOffloadReceiveHandler(o.NdisOffloadHandle, nbl, NDIS_STATUS.NDIS_STATUS_SUCCESS);
    return;
  }
  indicateDisconnectWhenConsumed(c, o, r);
}

/** Reference §6.9: TcpIndicateDisconnect once nothing before the FIN is left to deliver. */
function indicateDisconnectWhenConsumed(c: TargetCall, o: TargetObject, r: TargetReceive): void {
  if (r.finAt < 0 || r.finBeforeOffload || r.disconnectIndicated || r.delivered < r.finAt) return;
  r.disconnectIndicated = true;
  // Buffers still posted will get nothing more: a non-push one with the last bytes before the FIN, and
  // empty ones (the end of the stream), complete first — then the Disconnect indication.
  const rest = r.posted.splice(0);
  for (const n of rest) n.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  const chain = chainNetBufferLists(rest);
  if (chain) c.ndis.NdisTcpOffloadReceiveComplete(c.s.NdisMiniportHandle, chain);
  c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect, 0);
}

/**
 * The target's receive side (reference §6.7, §6.9, §6.12). Data from the peer is taken in order and
 * acknowledged at once; it waits in the target's buffer ([delivered, RcvNxt)) until the delivery
 * algorithm gives it to the host, in stream order:
 * 1. into posted receive buffers (MiniportTcpOffloadReceive), filled and completed FIFO with
 *    NdisTcpOffloadReceiveComplete — a push-mode buffer completes partly filled on PSH, on the FIN or
 *    when its push timer expires; a non-push buffer only when full;
 * 2. when no buffer is posted, offered with NdisTcpOffloadReceiveHandler. SUCCESS: the host took it
 *    all and keeps the NBL until MiniportTcpOffloadReceiveReturn; OFFLOAD_DATA_PARTIALLY_ACCEPTED: it
 *    took BytesConsumed; OFFLOAD_DATA_NOT_ACCEPTED: none. After a refusal nothing is offered again
 *    until the host posts a receive (a zero-byte one will do).
 * One receive indication at a time per connection: the algorithm waits for its return.
 * The peer's FIN is indicated (TcpIndicateDisconnect) only once every byte before it was delivered;
 * receives posted after that complete with NDIS_STATUS_INVALID_STATE.
 */
import type { MiniportHandlerArgs, ReceiveIndicateResult } from '../../../ndis/calls.js';
import { chainNetBufferLists, nblFilled, nblText, netBufferListsOf, type NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../ndis/stateStructures.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../../../ndis/TCP_UPLOAD_REASON.js';
import type { FourTuple } from '../../../wire/FourTuple.js';
import type { Segment } from '../../../wire/Segment.js';
import { nextInOrder, queueOutOfOrder } from '../../../wire/outOfOrder.js';
import { connectionOf, findConnection, initiateReturned, moveDelegatedTcp, refusedIoStatus, type TargetCall } from './TargetCall.js';
import { finishTerminates } from './targetTerminate.js';
import { indicateWhenInitiateReturned } from './targetIndications.js';
import { delegatedOf, hasFlag, isTerminating, objectById, objectOfContext, TargetFlags, type TargetObject, type TargetReceive } from './TargetState.js';

/** The push timer's FunctionContext: the connection (by 4-tuple and serial number, as it may be gone). */
export interface PushTimerContext {
  timer: 'push';
  connection: FourTuple;
  serial: number;
}

/** The connection's receive state, made on first use (its buffer starts at RcvNxt). */
export function receiveOf(o: TargetObject): TargetReceive {
  return (o.receive ??= {
    delivered: delegatedOf(o).RcvNxt, posted: [], indicating: null, indicatingBytes: 0, indicationsBlocked: false,
    pushUpTo: 0, pushTimer: false, finAt: -1, disconnectIndicated: false, outOfOrder: [], urgentAt: -1, owedEvents: null,
  });
}

/** Initiate (reference §6.1): the host's buffered receive data is copied and will be delivered first. */
export function takeBufferedData(o: TargetObject, BufferedData: NET_BUFFER_LIST | null | undefined): void {
  const first = BufferedData ?? null;
  if (!first) return;
  receiveOf(o).delivered = first.DataOffset;
}

/**
 * Data (or the FIN) from the peer. In order: into the buffer, ACKed at once, then delivered as far as
 * it can go; ahead of RcvNxt: kept until the bytes before it arrive; already received: dropped.
 */
export function receiveData(c: TargetCall, o: TargetObject, s: Segment): void {
  const r = receiveOf(o);
  const d = delegatedOf(o);
  const rcvNxt = d.RcvNxt;
  if (s.seq > rcvNxt || r.urgentAt >= 0) {
    queueOutOfOrder(r.outOfOrder, s);
    return;
  }
  if (s.seq < rcvNxt) {
    c.ndis.DbgPrint(`drops seq ${s.seq} len ${s.len}: RcvNxt is ${rcvNxt}`, o.NdisOffloadHandle.label);
    return;
  }
  let took = false;
  for (let next: Segment | undefined = s; next; next = nextInOrder(r.outOfOrder, d.RcvNxt)) {
    if (next.urg && next.len > 0) {
      receiveUrgent(c, o, r, next);
      break;
    }
    const end = next.seq + next.len;
    took = true;
    d.RcvNxt = end;
    if (next.psh) r.pushUpTo = end;
    if (next.fin && r.finAt < 0) {
      // The peer's FIN: the receive half closes; the Disconnect indication waits for the data before it.
      moveDelegatedTcp(o, { type: 'TcpIndicateDisconnect' });
      r.finAt = end;
    }
  }
  if (took) c.nic.transmit({ connection: connectionOf(c, o), seq: d.SndNxt, len: 0, ack: d.RcvNxt });
  deliverReceived(c, o);
}

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
  return NDIS_STATUS.NDIS_STATUS_PENDING;
}

/**
 * The delivery algorithm: fill posted buffers in order and complete those that are done (one
 * NdisTcpOffloadReceiveComplete); with none posted, offer the rest; then, once everything before the
 * FIN was delivered, TcpIndicateDisconnect.
 */
export function deliverReceived(c: TargetCall, o: TargetObject): void {
  const r = o.receive;
  if (!r || r.indicating !== null || isTerminating(o) || hasFlag(o, TargetFlags.Aborted)) return;
  const rcvNxt = delegatedOf(o).RcvNxt;
  const done: NET_BUFFER_LIST[] = [];
  while (r.posted.length > 0) {
    const n = r.posted[0]!;
    if (n.DataOffset >= 0 && n.DataOffset + n.TcpOffloadBytesTransferred !== r.delivered) {
      // A buffer the host pre-filled with bytes that do not run on into the target's: it completes as it is.
      n.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
      done.push(r.posted.shift()!);
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
    done.push(r.posted.shift()!);
  }
  if (done.length > 0) c.ndis.NdisTcpOffloadReceiveComplete(c.s.NdisMiniportHandle, chainNetBufferLists(done)!);
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
  if (r.finAt < 0 || r.disconnectIndicated || r.delivered < r.finAt) return;
  r.disconnectIndicated = true;
  // Buffers still posted will get nothing more: a non-push one with the last bytes before the FIN, and
  // empty ones (the end of the stream), complete first — then the Disconnect indication.
  const rest = r.posted.splice(0);
  for (const n of rest) n.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  if (rest.length > 0) c.ndis.NdisTcpOffloadReceiveComplete(c.s.NdisMiniportHandle, chainNetBufferLists(rest)!);
  c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect, 0);
}

/**
 * Reference §6.12: urgent data asks for an upload (TcpIndicateRetrieve, ReceivedUrgentData); the target
 * stops acknowledging, keeps the urgent data and everything after it, and after the terminate passes it
 * all up the normal receive path for the host to process.
 */
function receiveUrgent(c: TargetCall, o: TargetObject, r: TargetReceive, s: Segment): void {
  r.urgentAt = s.seq;
  queueOutOfOrder(r.outOfOrder, s);
  o.flags |= TargetFlags.UploadRequested;
  indicateWhenInitiateReturned(c, o, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.ReceivedUrgentData);
}

/** NdisMInitiateOffloadComplete returned: the connections it offloaded may now indicate what they received meanwhile. */
export function initiateCompleteReturned(c: TargetCall, offloaded: readonly TargetObject[]): void {
  for (const o of offloaded) {
    o.flags |= TargetFlags.InitiateReturned;
    const r = o.receive;
    if (!r) continue;
    const owed = r.owedEvents;
    r.owedEvents = null;
    for (const [EventType, info] of owed ?? []) c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, EventType, info);
    deliverReceived(c, o);
  }
}

/** NdisTcpOffloadReceiveHandler returned: account for what the host took, then go on delivering. */
export function receiveIndicateReturned(c: TargetCall, nbl: NET_BUFFER_LIST, result: ReceiveIndicateResult): void {
  const o = objectById(c.s, c.s.lent[nbl.id]);
  const r = o?.receive;
  if (!o || !r || r.indicating !== nbl.id) return;
  r.indicating = null;
  r.indicatingBytes = 0;
  if (result.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) {
    r.delivered += nbl.DataLength; // the host keeps the NBL until MiniportTcpOffloadReceiveReturn
  } else {
    delete c.s.lent[nbl.id]; // the target has its NBL back at once
    const consumed = result.Status === NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED ? Math.min(result.BytesConsumed, nbl.DataLength) : 0;
    r.delivered += consumed;
    r.indicationsBlocked = true;
    c.ndis.DbgPrint(`keeps ${nbl.DataLength - consumed} bytes buffered until the host posts a receive`, o.NdisOffloadHandle.label);
  }
  if (isTerminating(o)) finishTerminates(c);
  else deliverReceived(c, o);
}

/** MiniportTcpOffloadReceiveReturn: the host gives back NBLs it kept; always NDIS_STATUS_SUCCESS. */
export function MiniportTcpOffloadReceiveReturn(c: TargetCall, { NetBufferList }: MiniportHandlerArgs['MiniportTcpOffloadReceiveReturn']): number {
  for (const n of netBufferListsOf(NetBufferList)) {
    if (n.id in c.s.lent) delete c.s.lent[n.id];
    else c.ndis.DbgPrint(`got back ${nblText(n)}, which it never lent to the host`, n.connection);
  }
  return NDIS_STATUS.NDIS_STATUS_SUCCESS;
}

/** A push-mode buffer holds data: the push timer completes it if nothing else does first. */
function startPushTimer(c: TargetCall, o: TargetObject, r: TargetReceive): void {
  if (r.pushTimer) return;
  r.pushTimer = true;
  const label = o.NdisOffloadHandle.label;
  const { localAddress, localPort, remoteAddress, remotePort } = connectionOf(c, o);
  const context = { timer: 'push', connection: { localAddress, localPort, remoteAddress, remotePort }, serial: o.serial } satisfies PushTimerContext;
  c.ndis.NdisSetTimerObject(`push timer of ${label}`, context, label);
}

/** The push timer expired: everything received so far is pushed. */
export function pushTimerExpired(c: TargetCall, context: PushTimerContext): void {
  const o = findConnection(c.s, context.connection);
  const r = o && o.serial === context.serial ? o.receive : undefined;
  if (!o || !r) return;
  r.pushTimer = false;
  r.pushUpTo = delegatedOf(o).RcvNxt;
  c.ndis.DbgPrint(`push timer expired: completes what is filled`, o.NdisOffloadHandle.label);
  deliverReceived(c, o);
}

/** A reset: posted buffers complete with NDIS_STATUS_REQUEST_ABORTED (their filled bytes still count). */
export function abortReceives(c: TargetCall, o: TargetObject): void {
  const posted = o.receive?.posted.splice(0) ?? [];
  for (const n of posted) n.Status = NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED;
  if (posted.length > 0) c.ndis.NdisTcpOffloadReceiveComplete(c.s.NdisMiniportHandle, chainNetBufferLists(posted)!);
}

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
  if (posted.length > 0) c.ndis.NdisTcpOffloadReceiveComplete(c.s.NdisMiniportHandle, chainNetBufferLists(posted)!);
  const rcvNxt = delegatedOf(o).RcvNxt;
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

/** Query: bytes of received data buffered at the target (taken in order, not yet given to the host). */
export function receiveBacklogSize(o: TargetObject): number {
  const r = o.receive;
  return r ? delegatedOf(o).RcvNxt - r.delivered : 0;
}

/** Bytes of a connection's receive data the target holds: [start, end) ranges (buffered, in partly filled buffers, ahead of RcvNxt). */
export function targetReceiveHoldings(o: TargetObject): Array<[number, number]> {
  const r = o.receive;
  if (!r) return [];
  const out: Array<[number, number]> = [];
  for (const g of r.outOfOrder) if (g.len > 0) out.push([g.seq, g.seq + g.len]);
  for (const n of r.posted) {
    const filled = nblFilled(n);
    if (filled) out.push(filled);
  }
  const from = r.delivered + r.indicatingBytes;
  const rcvNxt = delegatedOf(o).RcvNxt;
  if (from < rcvNxt) out.push([from, rcvNxt]);
  return out;
}

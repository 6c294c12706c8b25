/**
 * Data (or the FIN) from the peer reaches an offloaded connection (reference §6.7, §6.9, §6.12): taken
 * in order and acknowledged at once, kept when it arrives ahead of RcvNxt; urgent data asks for an upload.
 */
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../../../ndis/TCP_UPLOAD_REASON.js';
import type { Segment } from '../../../wire/Segment.js';
import { nextInOrder, queueOutOfOrder, trimToRcvNxt } from '../../../wire/outOfOrder.js';
import { deliverReceived } from './deliverReceived.js';
import { receiveOf } from './receiveOf.js';
import { connectionOf, moveDelegatedTcp, type TargetCall } from './TargetCall.js';
import { indicateWhenInitiateReturned } from './targetIndications.js';
import { advertiseAtTarget, keepRightEdge, rightEdge, trimToRightEdge } from './targetWindow.js';
import { uploadInTimeWait } from './targetTimeWait.js';
import { acknowledge } from './targetDelayedAck.js';
import { delegatedOf, TargetFlags, type TargetObject, type TargetReceive } from './TargetState.js';

/**
 * Data (or the FIN) from the peer. In order: into the buffer, ACKed at once, then delivered as far as
 * it can go; ahead of RcvNxt: kept until the bytes before it arrive; already received: dropped.
 */
export function receiveData(c: TargetCall, o: TargetObject, given: Segment): void {
  const r = receiveOf(o);
  const d = delegatedOf(o);
  const rcvNxt = d.RcvNxt;
  if (given.seq > rcvNxt || r.urgentAt >= 0) {
    const inWindow = r.urgentAt >= 0 ? given : trimToRightEdge(c, o, given);
    if (inWindow) queueOutOfOrder(r.outOfOrder, inWindow);
    else c.nic.transmit({ connection: connectionOf(c, o), seq: d.SndNxt, len: 0, ack: d.RcvNxt, wnd: advertiseAtTarget(o) }); // RFC 793 p.69
    return;
  }
  const s = trimToRcvNxt(given, rcvNxt);
  if (!s || (s.len === 0 && !s.fin) || (s.fin && r.finAt >= 0 && s.len === 0)) {
    // Every byte taken already (a retransmission, or a copy the wire made): RFC 793 answers with an ACK.
    c.ndis.DbgPrint(`drops seq ${given.seq} len ${given.len}: RcvNxt is ${rcvNxt}; ACKs it again`, o.NdisOffloadHandle.label);
    c.nic.transmit({ connection: connectionOf(c, o), seq: d.SndNxt, len: 0, ack: d.RcvNxt, wnd: advertiseAtTarget(o) });
    return;
  }
  let took = false;
  let finNow = false;
  let edge = rightEdge(o); // RcvNxt moves on; the right edge it advertised stays
  const inWindow = trimToRightEdge(c, o, s);
  if (!inWindow) took = true; // nothing of it fits: an ACK tells the peer the window (RFC 793 p.69)
  for (let next: Segment | null | undefined = inWindow; next; next = nextInOrder(r.outOfOrder, d.RcvNxt)) {
    if (next.urg && next.len > 0) {
      receiveUrgent(c, o, r, next);
      break;
    }
    const end = next.seq + next.len;
    took = true;
    d.RcvNxt = end;
    if (next.psh) r.pushUpTo = end;
    if (next.fin && r.finAt < 0) {
      // The peer's FIN takes one sequence number (RcvNxt moves past it); the receive half closes; the
      // Disconnect indication waits for the data before it.
      moveDelegatedTcp(o, { type: 'TcpIndicateDisconnect' });
      r.finAt = end;
      d.RcvNxt = end + 1;
      finNow = true;
      edge += 1; // the FIN takes a sequence number, not buffer space: the window stays
    }
  }
  keepRightEdge(o, edge);
  // Delivered first (into posted buffers, if any), so that the ACK carries the window left after it.
  deliverReceived(c, o);
  if (took) acknowledge(c, o, finNow); // at once, or delayed (TcpAckFrequency > 1), with the window left
  uploadInTimeWait(c, o); // the FIN in FIN_WAIT_2 took it to TIME_WAIT
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

/** The host's own TCP receives (reference §6.8 for what it keeps): the peer's data and FIN, in order, ACKed. */
import { fourTupleOf } from '../../../wire/FourTuple.js';
import { newPart, nextInOrder, queueOutOfOrder } from '../../../wire/outOfOrder.js';
import type { Segment } from '../../../wire/Segment.js';
import type { HostContext } from '../HostContext.js';
import { fillHostPosted } from '../socket/postReceive.js';
import { moveTcp } from './moveTcp.js';
import { advertiseInHost, trimToWindow } from './receiveWindow.js';
import { sendSegment } from './sendSegment.js';
import type { Tcb } from './Tcb.js';
import { streamOf } from './TcbStream.js';

/**
 * In the host: a data (or FIN) segment from the peer. In order it is taken and ACKed (a FIN closes the
 * receive half, and takes one sequence number); ahead of RCV.NXT it waits for the bytes before it;
 * already received: dropped.
 */
export function dataInHost(c: HostContext, t: Tcb, segment: Segment): void {
  const s = streamOf(t);
  if (segment.seq > s.rcvNxt) {
    const inWindow = trimToWindow(c, t, s, segment);
    if (inWindow) queueOutOfOrder(s.outOfOrder, inWindow);
    else sendSegment(c, { connection: fourTupleOf(t), seq: s.sndNxt, len: 0, ack: s.rcvNxt, wnd: advertiseInHost(c, s) }); // RFC 793 p.69
    return;
  }
  if (segment.seq < s.rcvNxt && (segment.seq + segment.len > s.rcvNxt || (segment.fin && segment.seq + segment.len === s.rcvNxt))) {
    dataInHost(c, t, newPart(segment, s.rcvNxt)); // bytes sent again with new ones after them: the new part (RFC 793 p.69)
    return;
  }
  if (segment.seq < s.rcvNxt) {
    if (c.report.wanted) c.report.decision(`drops seq ${segment.seq} len ${segment.len}: RCV.NXT is ${s.rcvNxt}`, t.label);
    return;
  }
  for (let next: Segment | null | undefined = trimToWindow(c, t, s, segment); next; next = nextInOrder(s.outOfOrder, s.rcvNxt)) {
    if (next.len > 0) {
      s.rcvNxt += next.len;
      if (!t.aborted) s.socketBuffer.push({ from: next.seq, to: s.rcvNxt, nbl: null });
    }
    if (next.fin) {
      // The peer's FIN takes one sequence number: RCV.NXT moves past it, and the ACK counts it.
      s.rcvNxt += 1;
      if (s.window.rcvEdge >= 0) s.window.rcvEdge += 1; // a sequence number, not buffer space: the window stays
      moveTcp(c, t, { type: 'TcpIndicateDisconnect' });
    }
  }
  // Data and a bare FIN are ACKed at once, with the window left once the application's buffers took what they could.
  fillHostPosted(c, t);
  sendSegment(c, { connection: fourTupleOf(t), seq: s.sndNxt, len: 0, ack: s.rcvNxt, wnd: advertiseInHost(c, s) });
}

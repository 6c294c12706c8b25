/** The host's own TCP receives (reference §6.8 for what it keeps): the peer's data and FIN, in order, ACKed. */
import { fourTupleOf } from '../../../wire/FourTuple.js';
import { nextInOrder, queueOutOfOrder, trimToRcvNxt } from '../../../wire/outOfOrder.js';
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
export function dataInHost(c: HostContext, t: Tcb, given: Segment): void {
  const s = streamOf(t);
  if (given.seq > s.rcvNxt) {
    const inWindow = trimToWindow(c, t, s, given);
    if (inWindow) queueOutOfOrder(s.outOfOrder, inWindow);
    else sendSegment(c, { connection: fourTupleOf(t), seq: s.sndNxt, len: 0, ack: s.rcvNxt, wnd: advertiseInHost(c, s) }); // RFC 793 p.69
    return;
  }
  const segment = trimToRcvNxt(given, s.rcvNxt);
  if (!segment || (segment.len === 0 && !segment.fin)) {
    // Every byte taken already (a retransmission, or a copy the wire made): RFC 793 answers with an ACK.
    if (c.report.wanted) c.report.decision(`drops seq ${given.seq} len ${given.len}: RCV.NXT is ${s.rcvNxt}; ACKs it again`, t.label);
    sendSegment(c, { connection: fourTupleOf(t), seq: s.sndNxt, len: 0, ack: s.rcvNxt, wnd: advertiseInHost(c, s) });
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

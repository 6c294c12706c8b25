/** The host's own TCP closes (reference §6.9): it sends the FIN after all data, or the RST; an ACK of its FIN completes the close. */
import { TCP_DISCONNECT_ABORTIVE_CLOSE } from '../../../ndis/flags.js';
import { nblEnd } from '../../../ndis/NET_BUFFER_LIST.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { fourTupleOf } from '../../../wire/FourTuple.js';
import type { HostContext } from '../HostContext.js';
import { discardQueue } from './discardQueue.js';
import { moveTcp } from './moveTcp.js';
import { advertiseInHost } from './receiveWindow.js';
import { sendSegment } from './sendSegment.js';
import { armFinWait2InHost, armRetransmitInHost } from './retransmit.js';
import type { Tcb } from './Tcb.js';
import { streamOf } from './TcbStream.js';

/** In the host: the host's own TCP sends the FIN (after all data) or the RST. */
export function closeInHost(c: HostContext, t: Tcb, Flags: number): void {
  const s = streamOf(t);
  s.closeOwed = 0;
  if (Flags & TCP_DISCONNECT_ABORTIVE_CLOSE) {
    sendSegment(c, { connection: fourTupleOf(t), seq: s.sndNxt, len: 0, ack: null, rst: true });
    if (!t.aborted) { // aborted already: an abortive close the target gave back, the TCB CLOSED when it was asked for
      t.aborted = true;
      moveTcp(c, t, { type: 'AbortiveClose' });
    }
    discardQueue(t);
    return;
  }
  if (s.finSeq >= 0) return; // already sent
  const last = s.sendQueue[s.sendQueue.length - 1];
  if (last && nblEnd(last) > s.sndNxt) {
    // Data the peer's window holds back goes first: the FIN follows its last byte (transmitInHost).
    s.closeOwed = Flags;
    if (c.report.wanted) c.report.decision(`closes ${t.label} once the data the peer's window holds back has been sent`, t.label);
    return;
  }
  // RFC 793 CLOSE: a FIN from ESTABLISHED, SYN_RCVD (FIN_WAIT_1) and CLOSE_WAIT (LAST_ACK); SYN_SENT just
  // deletes the TCB; in any other state the send half is already closed and nothing more goes out.
  if (!moveTcp(c, t, { type: 'GracefulClose' }) || t.tcp === TCPSTATE.TCPSTATE_CLOSED) return;
  s.finSeq = s.sndNxt;
  sendFinInHost(c, t);
}

/**
 * In the host: the FIN at finSeq goes on the wire, once every byte before it has been sent (SND.NXT has
 * reached it). A close the target gave back with data still behind the peer's window waits here until
 * transmitInHost has sent that data.
 */
export function sendFinInHost(c: HostContext, t: Tcb): void {
  const s = streamOf(t);
  if (s.finSeq < 0 || s.sndNxt !== s.finSeq || t.aborted) return;
  sendSegment(c, { connection: fourTupleOf(t), seq: s.finSeq, len: 0, ack: s.rcvNxt, wnd: advertiseInHost(c, s), fin: true });
  s.sndNxt = s.finSeq + 1;
  armRetransmitInHost(c, t);
}

/**
 * Does the host's FIN wait to be sent? It is numbered (finSeq) and SND.NXT has not passed it: a close the
 * target gave back (ProtocolTcpOffloadDisconnectComplete) puts the TCB in FIN_WAIT_1 or LAST_ACK with
 * its FIN after the last data byte, and sendFinInHost holds it until the data the peer's window keeps
 * back has gone; or the FIN went once and SND.NXT went back behind a window the peer shut (the
 * retransmit timer, a probe), so it goes again after that data.
 */
export function finNotSent(t: Tcb): boolean {
  const s = t.stream;
  return !!s && s.finSeq >= 0 && s.sndNxt <= s.finSeq && !t.aborted;
}

/** In the host: an ACK covering the host's FIN. */
export function finAckedInHost(c: HostContext, t: Tcb, ack: number): void {
  const s = t.stream;
  if (!s || s.finSeq < 0 || ack <= s.finSeq) return;
  s.finSeq = -1;
  moveTcp(c, t, { type: 'FinAcked' });
  armFinWait2InHost(c, t);
}

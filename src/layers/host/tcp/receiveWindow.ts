/**
 * The host's own TCP's receive window (RFC 793 §3.7, RFC 1122 §4.2.3.3), while the connection is in the
 * host: its buffer is the socket receive buffer (the host policy's receiveBuffer, SO_RCVBUF — the same
 * number it offloads as InitialRcvWnd); the window it advertises is that buffer minus the bytes received
 * and not yet read; the right edge moves only by min(MSS, half the buffer), and a reading application
 * that opens the window by that much makes the host send a window update.
 */
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { fourTupleOf } from '../../../wire/FourTuple.js';
import type { Segment } from '../../../wire/Segment.js';
import { nextRightEdge, windowUpdateDue } from '../../../wire/window.js';
import type { HostContext } from '../HostContext.js';
import { bufferedBytes } from '../socket/socketBuffer.js';
import { sendSegment } from './sendSegment.js';
import type { Tcb } from './Tcb.js';
import type { TcbStream } from './TcbStream.js';

/** States in which the peer may still send data (its FIN has not come). */
const PEER_MAY_SEND: ReadonlySet<number> = new Set([TCPSTATE.TCPSTATE_ESTABLISHED, TCPSTATE.TCPSTATE_FIN_WAIT_1, TCPSTATE.TCPSTATE_FIN_WAIT_2]);

/** Free space in the socket receive buffer: the buffer minus what is received and not read. */
function receiveSpace(c: HostContext, s: TcbStream): number {
  return c.s.policy.receiveWindow - bufferedBytes(s);
}

/** The window to put in a segment the host sends now (RCV.WND), moving the right edge on if it may. */
export function advertiseInHost(c: HostContext, s: TcbStream): number {
  const w = s.window;
  w.rcvEdge = nextRightEdge(w.rcvEdge, s.rcvNxt, receiveSpace(c, s), c.s.policy.receiveWindow);
  return Math.max(0, w.rcvEdge - s.rcvNxt);
}

/**
 * RFC 793 p.69: the part of a peer's segment past the right edge it was given is not taken (a FIN goes
 * with it); null when nothing of it is left. The ACK the host sends back tells the peer its window.
 */
export function trimToWindow(c: HostContext, t: Tcb, s: TcbStream, segment: Segment): Segment | null {
  // Nothing advertised yet: the window of the handshake (not modelled) was the whole buffer.
  if (s.window.rcvEdge < 0) advertiseInHost(c, s);
  const edge = s.window.rcvEdge;
  const end = segment.seq + segment.len;
  if (end <= edge) return segment;
  const keep = Math.max(0, edge - segment.seq);
  if (c.report.wanted) c.report.decision(`drops bytes [${segment.seq + keep}, ${end}) of ${t.label}: past the window it advertised (right edge ${edge})`, t.label);
  if (keep === 0) return null;
  const { fin: _fin, ...rest } = segment;
  return { ...rest, len: keep };
}

/**
 * The application read (or took bytes into its buffers): if the window can now open by a whole step,
 * the host tells the peer with a window update (an ACK that carries the new window).
 */
export function windowUpdateInHost(c: HostContext, t: Tcb): void {
  const s = t.stream;
  if (!s || t.offload !== S.TcpConnectionOffloadStateInHost || t.aborted || t.deleted || !PEER_MAY_SEND.has(t.tcp)) return;
  if (!windowUpdateDue(s.window.rcvEdge, s.rcvNxt, receiveSpace(c, s), c.s.policy.receiveWindow)) return;
  const wnd = advertiseInHost(c, s);
  if (c.report.wanted) c.report.decision(`the application made room: ${t.label} sends a window update (window ${wnd})`, t.label);
  sendSegment(c, { connection: fourTupleOf(t), seq: s.sndNxt, len: 0, ack: s.rcvNxt, wnd });
}

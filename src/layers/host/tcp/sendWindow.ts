/**
 * The peer's window as the host's own TCP follows it (RFC 793 §3.7, p.72 "If SND.UNA < SEG.ACK =<
 * SND.NXT ... update the send window"): each acceptable ACK sets SND.UNA, and — unless the segment is
 * older than the one that last did (SND.WL1) — SND.WND. The host sends nothing past SND.UNA + SND.WND.
 */
import type { Segment } from '../../../wire/Segment.js';
import type { TcbStream } from './TcbStream.js';

/** The right edge of the peer's window: the host may send up to here. */
export function sendEdge(s: TcbStream): number {
  return s.window.sndUna + s.window.sndWnd;
}

/** A segment from the peer carrying an ACK: SND.UNA, SND.WND and a refused zero-window probe. */
export function windowFromPeer(s: TcbStream, segment: Segment): void {
  const w = s.window;
  const ack = segment.ack;
  if (ack === null || ack < w.sndUna) return; // an old ACK says nothing new
  w.sndUna = ack;
  if (segment.wnd !== undefined && segment.seq >= w.sndWl1) {
    w.sndWnd = segment.wnd;
    w.sndWl1 = segment.seq;
    w.maxSndWnd = Math.max(w.maxSndWnd, segment.wnd);
  }
  if (w.probeAt >= 0) {
    // The probe's answer: its byte taken (the ACK covers it), or refused (the window still zero) — sent again later.
    if (ack > w.probeAt) w.probeAt = -1;
    // Only a pure ACK answers the probe: a data segment's ACK may have been made before the probe arrived.
    // And only while the probe is all that is in flight: data sent after it (the window opened meanwhile)
    // is not sent again on an ACK that may be older than it.
    else if (w.sndWnd === 0 && s.sndNxt === w.probeAt + 1 && segment.len === 0 && !segment.fin) {
      s.sndNxt = w.probeAt;
      w.probeAt = -1;
    }
  }
  if (w.sndWnd > 0) w.probes = 0;
  if (s.sndNxt < ack) s.sndNxt = ack;
}

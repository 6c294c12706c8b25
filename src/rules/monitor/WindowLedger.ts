/**
 * The monitor's ledger of each offloaded connection's windows as the wire at the NIC shows them (RFC 793
 * §3.7): the right edge of the receive window the target advertised (the largest ack + window it sent,
 * starting from the initiate's RcvNxt + RcvWnd), and the right edge of the peer's window (ack + window of
 * the peer's latest segment, starting from the initiate's SndUna + SndWnd; a peer may shrink its window,
 * RFC 1122 §4.2.2.16, so the latest counts), with where the peer's FIN sits. Connections offloaded
 * before the monitor saw an initiate have no entry and are not judged.
 */
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../ndis/stateStructures.js';
import type { Segment } from '../../wire/Segment.js';

/** One connection's windows as the wire shows them. */
export interface WindowView {
  /** The right edge of the receive window the target advertised: it takes no byte past it. */
  rcvEdge: number;
  /** The right edge of the peer's window: the target sends no byte past it (but a 1-byte zero-window probe). */
  peerEdge: number;
  /** The peer's window in its latest segment (0: a zero window, which a 1-byte probe may cross). */
  peerWnd: number;
  /** One past the peer's FIN (it takes a sequence number), once one crossed; -1: none. */
  peerFinEnd: number;
}

/** Per connection label. */
export type WindowViews = Record<string, WindowView>;

/** Reads and updates the window views. */
export class WindowLedger {
  constructor(private readonly views: WindowViews) {}

  view(label: string): Readonly<WindowView> | undefined {
    return this.views[label];
  }

  /** An initiate went down: the windows the host hands over are where the target starts. */
  offloaded(label: string, d: Readonly<TCP_OFFLOAD_STATE_DELEGATED>): void {
    this.views[label] = { rcvEdge: d.RcvNxt + d.RcvWnd, peerEdge: d.SndUna + d.SndWnd, peerWnd: d.SndWnd, peerFinEnd: -1 };
  }

  /** A segment crossed the NIC: the target's advertisement, or the peer's. */
  segment(label: string, from: 'target' | 'peer', s: Segment): void {
    const v = this.views[label];
    if (!v || s.rst) return;
    if (from === 'peer') {
      if (s.fin) v.peerFinEnd = s.seq + s.len + 1;
      if (s.ack !== null && s.wnd !== undefined) {
        v.peerEdge = s.ack + s.wnd;
        v.peerWnd = s.wnd;
      }
    } else if (s.ack !== null && s.wnd !== undefined) v.rcvEdge = Math.max(v.rcvEdge, s.ack + s.wnd);
  }
}

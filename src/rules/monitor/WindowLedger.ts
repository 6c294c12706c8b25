/**
 * The monitor's ledger of each offloaded connection's windows as the wire at the NIC shows them (RFC 793
 * §3.7): the right edge of the receive window the target advertised (the largest ack + window it sent,
 * starting from the initiate's RcvNxt + RcvWnd), and the right edge of the peer's window, with where the
 * peer's FIN sits. The peer's right edge is SND.UNA + SND.WND as RFC 793 p.72 keeps them: SND.UNA is
 * the highest ACK, and SND.WND the window of the latest segment that passed the window-update test (its
 * SEG.SEQ not below SendWL1's, its ACK not below SND.UNA), starting from the initiate's SndUna, SndWnd
 * and SendWL1. An ACK that fails the test still moves the edge by as much as it acknowledges. A
 * segment that starts past the receive window the target advertised is not acceptable (RFC 793 p.69)
 * and sets no window. A peer may shrink its window
 * (RFC 1122 §4.2.2.16), so the latest counts, not the largest. The peer's segments reach the target at
 * the NIC and also through NdisOffloadTcpForward (the host forwards what it received while the
 * connection was Offloading); a forwarded segment can be older than one the NIC already gave the
 * target, and RFC 793's test cannot tell when both carry the same SEG.SEQ and SEG.ACK, so the target
 * takes its window again, and so does this ledger. Connections offloaded before the monitor saw an
 * initiate have no entry and are not judged.
 */
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../ndis/stateStructures.js';
import type { Segment } from '../../wire/Segment.js';

/** One connection's windows as the wire shows them. */
export interface WindowView {
  /** The right edge of the receive window the target advertised: it takes no byte past it. */
  rcvEdge: number;
  /** The peer's window (SND.WND): from the latest segment that passed the window-update test. */
  peerWnd: number;
  /** One past the peer's FIN (it takes a sequence number), once one crossed; -1: none. */
  peerFinEnd: number;
  /** SEG.SEQ of the peer's segment that last set the window (the target's SendWL1). */
  peerWl1: number;
  /** The highest ACK the peer sent (SND.UNA): an older one is a duplicate and sets no window. */
  peerAck: number;
}

/** Per connection label. */
export type WindowViews = Record<string, WindowView>;

/** Reads and updates the window views. */
export class WindowLedger {
  constructor(private readonly views: WindowViews) {}

  view(label: string): Readonly<WindowView> | undefined {
    return this.views[label];
  }

  /** The right edge of the peer's window (SND.UNA + SND.WND): an ACK that sets no window still moves it. */
  static peerEdge(v: Readonly<WindowView>): number {
    return v.peerAck + v.peerWnd;
  }

  /** An initiate went down: the windows the host hands over are where the target starts. */
  offloaded(label: string, d: Readonly<TCP_OFFLOAD_STATE_DELEGATED>): void {
    this.views[label] = { rcvEdge: d.RcvNxt + d.RcvWnd, peerWnd: d.SndWnd, peerFinEnd: -1, peerWl1: d.SendWL1, peerAck: d.SndUna };
  }

  /** A peer's segment the host forwards to the target (NdisOffloadTcpForward): the target takes it as if from the NIC. */
  forwarded(label: string, s: Segment): void {
    this.segment(label, 'peer', s);
  }

  /** A segment crossed the NIC: the target's advertisement, or the peer's. */
  segment(label: string, from: 'target' | 'peer', s: Segment): void {
    const v = this.views[label];
    if (!v || s.rst) return;
    if (from === 'peer') {
      if (s.fin) v.peerFinEnd = s.seq + s.len + 1;
      if (s.ack === null || s.ack < v.peerAck) return;
      v.peerAck = s.ack;
      if (s.wnd !== undefined && s.seq >= v.peerWl1 && s.seq <= v.rcvEdge) {
        v.peerWnd = s.wnd;
        v.peerWl1 = s.seq;
      }
    } else if (s.ack !== null && s.wnd !== undefined) v.rcvEdge = Math.max(v.rcvEdge, s.ack + s.wnd);
  }
}

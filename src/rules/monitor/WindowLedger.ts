/**
 * The monitor's ledger of each offloaded connection's windows as the wire at the NIC shows them (RFC 793
 * §3.7): the right edge of the receive window the target advertised (the largest ack + window it sent,
 * starting from the initiate's RcvNxt + RcvWnd), and the right edge of the peer's window, with where the
 * peer's FIN sits. The peer's window is ack + window of the latest segment the target took as a window
 * update (RFC 793 p.72): one whose SEG.SEQ is not below SendWL1's and whose ACK is not below the
 * highest seen, starting from the initiate's SndUna + SndWnd and SendWL1. A peer may shrink its window
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
  /** The right edge of the peer's window: the target sends no byte past it (but a 1-byte zero-window probe). */
  peerEdge: number;
  /** The peer's window in its latest segment (0: a zero window, which a 1-byte probe may cross). */
  peerWnd: number;
  /** One past the peer's FIN (it takes a sequence number), once one crossed; -1: none. */
  peerFinEnd: number;
  /** SEG.SEQ of the peer's segment that last set the window (the target's SendWL1). */
  peerWl1: number;
  /** The highest ACK the peer sent (the target's SndUna): an older one is a duplicate and sets no window. */
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

  /** An initiate went down: the windows the host hands over are where the target starts. */
  offloaded(label: string, d: Readonly<TCP_OFFLOAD_STATE_DELEGATED>): void {
    this.views[label] = { rcvEdge: d.RcvNxt + d.RcvWnd, peerEdge: d.SndUna + d.SndWnd, peerWnd: d.SndWnd, peerFinEnd: -1, peerWl1: d.SendWL1, peerAck: d.SndUna };
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
      if (s.ack !== null && s.wnd !== undefined && s.ack >= v.peerAck && s.seq >= v.peerWl1) {
        v.peerEdge = s.ack + s.wnd;
        v.peerWnd = s.wnd;
        v.peerWl1 = s.seq;
        v.peerAck = s.ack;
      }
    } else if (s.ack !== null && s.wnd !== undefined) v.rcvEdge = Math.max(v.rcvEdge, s.ack + s.wnd);
  }
}

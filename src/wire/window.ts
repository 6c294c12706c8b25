/**
 * TCP's flow-control window, the arithmetic both ends share (RFC 793 §3.7 "Data Communication", RFC 1122
 * §4.2.2.17 and §4.2.3.3): the receiver advertises how many bytes after its ACK it can take — its
 * buffer space minus what it holds unread —, moves the window's right edge only by whole steps (receiver
 * silly-window-syndrome avoidance), and never moves it back; the sender sends nothing past the right edge
 * it was given, and probes a zero window with one byte on a persist timer that backs off.
 *
 * Numbers where the RFCs leave the choice (documented in README.md, "The receive window"):
 * - the MSS is Ethernet's 1460 (the RemoteMss the host offloads with);
 * - a peer that has said nothing yet offers 65535 (no window scaling is modelled);
 * - the persist timer first fires 1 s after the window closed (Windows' initial RTO since RFC 6298),
 *   doubles each probe, and stays at 60 s once there (Windows' largest RTO);
 * - after 8 probes answered with a zero window (about 4 minutes) the sender stops probing and waits for
 *   the peer's window update (RFC 1122 lets a window stay zero indefinitely; a bound keeps `deliver: all`
 *   finite, and the modelled peer always sends the update when it opens its window).
 */

/** The maximum segment size both ends use (Ethernet: 1500 − 20 − 20), bytes. */
export const ETHERNET_MSS = 1460;

/** The window a peer offers until it says otherwise (the largest without window scaling). */
export const DEFAULT_PEER_WINDOW = 65_535;

/** The persist timer's delays, virtual microseconds: the first, and the most it backs off to. */
export interface PersistTimerPolicy {
  firstUs: number;
  maxUs: number;
  /** Probes sent before the sender stops and waits for the peer's window update. */
  maxProbes: number;
}

/** Windows-like persist timer: 1 s, doubling, at most 60 s; 8 probes. */
export const DEFAULT_PERSIST_TIMER: Readonly<PersistTimerPolicy> = Object.freeze({ firstUs: 1_000_000, maxUs: 60_000_000, maxProbes: 8 });

/** The persist timer's delay before probe number `probes` (0 = the first): doubled each time, capped. */
export function persistDelayUs(policy: Readonly<PersistTimerPolicy>, probes: number): number {
  return Math.min(policy.maxUs, policy.firstUs * 2 ** Math.min(probes, 30));
}

/**
 * RFC 1122 §4.2.3.3: the right edge moves only when it can move by at least min(MSS, half the buffer),
 * so a reading application does not make the peer send a trickle of tiny segments.
 */
export function windowStep(buffer: number): number {
  return Math.max(1, Math.min(ETHERNET_MSS, Math.floor(buffer / 2)));
}

/**
 * The right edge to advertise now: `rcvNxt + space` when that moves the last edge (`edge`, -1 for none
 * yet) on by a whole step, else the last edge — which never moves back (RFC 793: do not shrink the window).
 */
export function nextRightEdge(edge: number, rcvNxt: number, space: number, buffer: number): number {
  const open = rcvNxt + Math.max(0, space);
  if (edge < 0) return open;
  return open >= edge + windowStep(buffer) ? open : edge;
}

/** Does the buffer now have room to move the last advertised right edge by a whole step (a window update is due)? */
export function windowUpdateDue(edge: number, rcvNxt: number, space: number, buffer: number): boolean {
  return edge >= 0 && nextRightEdge(edge, rcvNxt, space, buffer) > edge;
}

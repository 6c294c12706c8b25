/**
 * The TCP timers' numbers, shared by the host's own TCP and the offload target (which gets them as the
 * host sets OID_TCP_CONNECTION_OFFLOAD_PARAMETERS, reference §3.4: TcpMaximumRetransmissions,
 * TcpDelayedAckTicks, …). Virtual microseconds, not ticks: the delegated state's timer deltas are in
 * ticks of TicksPerSecond 1000 (milliseconds), converted where they cross (TIMER_TICK_US).
 *
 * Where the reference gives no number, these are Windows' defaults (documented in README.md):
 * - initial retransmission timeout 1 s: RFC 6298 §2.1 (no RTT sample is ever taken here, so the RTO
 *   stays at its initial value and only backs off), doubling on each expiry, capped at 60 s;
 * - TcpMaxDataRetransmissions 5: after the 5th retransmission times out, the target asks for an upload
 *   (TcpIndicateRetrieve, TimeoutExpiration) and the host's own TCP gives the connection up;
 * - FIN_WAIT_2: 120 s (reference §6.12, Windows' TcpFinWait2Delay default);
 * - delayed ACK 200 ms (TcpDelayedAckTicks), TcpAckFrequency 1 by default (every segment ACKed at once;
 *   Windows' default is 2, a host policy here — see README);
 * - keepalive: KeepAliveTime 2 h, KeepAliveInterval 1 s, 10 probes (the reference's cached defaults).
 *
 * `retransmit`: whether the retransmit timer runs at all. On a wire that loses nothing (the default)
 * every segment arrives and is ACKed before any timeout, so the timer is not armed: traces of lossless
 * runs stay as they were, and the hot path pays nothing. createSimulation turns it on with a lossy wire.
 */

/** Ticks of the delegated state's timer fields (TicksPerSecond 1000: a tick is 1 ms), in microseconds. */
export const TIMER_TICK_US = 1_000;

export interface TcpTimerParameters {
  /** Arm the retransmit timer (on a wire that can lose; see the header). */
  retransmit: boolean;
  /** Initial retransmission timeout, µs (RFC 6298: 1 s). */
  initialRtoUs: number;
  /** Longest retransmission timeout after backing off, µs (60 s). */
  maxRtoUs: number;
  /** TcpMaximumRetransmissions (Windows' TcpMaxDataRetransmissions, 5). */
  maxRetransmissions: number;
  /** FIN_WAIT_2 timer, µs (reference §6.12: 120 s). */
  finWait2Us: number;
  /** Delayed-ACK timer, µs (TcpDelayedAckTicks: 200 ms). */
  delayedAckUs: number;
  /** TcpAckFrequency: ACK every nth data segment at once, the others when the delayed-ACK timer fires (1: every one at once). */
  ackFrequency: number;
}

export const DEFAULT_TCP_TIMERS: Readonly<TcpTimerParameters> = Object.freeze({
  retransmit: false, initialRtoUs: 1_000_000, maxRtoUs: 60_000_000, maxRetransmissions: 5, finWait2Us: 120_000_000,
  delayedAckUs: 200_000, ackFrequency: 1,
});

/** The retransmission timeout after `count` expiries: the initial one doubled each time (RFC 6298 §5.5), capped. */
export function backedOffRtoUs(p: TcpTimerParameters, count: number): number {
  return Math.min(p.maxRtoUs, p.initialRtoUs * 2 ** Math.min(count, 30));
}

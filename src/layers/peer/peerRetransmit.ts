/**
 * The peer's retransmit timer (RFC 793 §3.7, RFC 6298), as simple as it can be. It runs only on a wire
 * that can lose (the same condition that runs this machine's TCP timers: `RemotePeerState.retransmit`
 * is set); the ideal peer of a lossless wire never needs it, and its traces stay as they were.
 *
 * The peer keeps SND.UNA for its own stream (`sndUna`: the highest ACK of this machine's that reached
 * it; its FIN takes one sequence number, so an ACK of the FIN is one past the data). Data or the FIN
 * sent and not acknowledged arms the timer (initial RTO 1 s, as this machine's TCP); an ACK that moves
 * SND.UNA resets the count and runs it again for what is still outstanding, or stops it. When it
 * expires the peer goes back to SND.UNA and sends everything again up to this machine's right edge
 * (go-back-N, each send still its own segments, with its PSH and URG), then the FIN if it was sent and
 * not acknowledged, and the timeout doubles (RFC 6298 §5.5, capped at 60 s). After `maxRetransmissions`
 * (8) expiries without an ACK that moves SND.UNA the peer gives up: it stops retransmitting (the trace
 * says so) and holds what it sent, so a run with `deliver: all` always ends. Behind this machine's zero
 * window with nothing in flight the persist timer (peerPersist) runs instead: the two never run together.
 *
 * The timer is a scheduler item like this machine's TCP timers (it does not fire while a segment of the
 * connection is on the wire); the peer is not an NDIS layer, so the simulation sets, cancels and
 * delivers it for the peer (PeerTimers).
 */
import { fourTupleOf, type FourTuple } from '../../wire/FourTuple.js';

/** The peer's retransmit timer's numbers (those of this machine's TCP, and the peer's own limit). */
export interface PeerRetransmitParameters {
  /** Initial retransmission timeout, µs (RFC 6298: 1 s). */
  initialRtoUs: number;
  /** Longest retransmission timeout after backing off, µs (60 s). */
  maxRtoUs: number;
  /** Expiries without progress after which the peer stops retransmitting (8). */
  maxRetransmissions: number;
}

/** The peer gives up after this many retransmissions without an ACK that moves SND.UNA. */
export const PEER_MAX_RETRANSMISSIONS = 8;

/** The peer's retransmit state of one connection (plain data). */
export interface PeerRetransmit {
  /** Retransmissions since SND.UNA last moved. */
  count: number;
  /** The timer is set (a scheduler item waits). */
  running: boolean;
  /** The peer gave up after maxRetransmissions: it sends nothing again until an ACK moves SND.UNA. */
  gaveUp: boolean;
}

/** The peer's timers of a connection: the retransmit timer, and the persist timer (peerPersist); never both at once. */
export type PeerTimerKind = 'retransmit' | 'persist';

/** What the simulation does for the peer's timers (the peer is not an NDIS layer, it has no NDIS library). */
export interface PeerTimers {
  /** Sets the `timer` (the retransmit timer unless told) of `connection` to expire in `afterUs` (virtual µs). */
  set(connection: FourTuple, afterUs: number, timer?: PeerTimerKind): void;
  /** Cancels the `timer` (the retransmit timer unless told) of `connection`, if it is set. */
  cancel(connection: FourTuple, timer?: PeerTimerKind): void;
  /** Says in the trace what the peer decided about `connection`. */
  say(connection: FourTuple, text: string): void;
}

/** What the timer reads and writes of a peer connection. */
export interface RetransmittingStream {
  sndUna: number;
  sndMax: number;
  finSent: boolean;
  reset: boolean;
  retransmit?: PeerRetransmit;
  /** The persist timer's state (peerPersist): while it runs, the retransmit timer does not. */
  persist?: { running: boolean };
}

/** The end of what the peer sent, in sequence numbers: after its data, one more once its FIN went. */
export function sndMaxSeq(p: RetransmittingStream): number {
  return p.sndMax + (p.finSent ? 1 : 0);
}

/** Is anything the peer sent (data, or its FIN) not yet acknowledged? */
export function outstanding(p: RetransmittingStream): boolean {
  return p.sndUna < sndMaxSeq(p);
}

/** The retransmission timeout after `count` expiries: the initial one doubled each time (RFC 6298 §5.5), capped. */
export function peerRtoUs(params: PeerRetransmitParameters, count: number): number {
  return Math.min(params.maxRtoUs, params.initialRtoUs * 2 ** Math.min(count, 30));
}

/** After sending: arms the timer if something is outstanding and it is not running (nor given up, nor the persist timer running). */
export function armPeerRetransmit(params: PeerRetransmitParameters | undefined, timers: PeerTimers | undefined, p: RetransmittingStream, connection: FourTuple): void {
  if (!params || !timers || p.reset || !outstanding(p) || p.persist?.running) return;
  const r = (p.retransmit ??= { count: 0, running: false, gaveUp: false });
  if (r.running || r.gaveUp) return;
  r.running = true;
  timers.set(fourTupleOf(connection), peerRtoUs(params, r.count));
}

/** Stops the timer (the connection was reset, or nothing is outstanding). */
export function stopPeerRetransmit(timers: PeerTimers | undefined, p: RetransmittingStream, connection: FourTuple): void {
  if (!p.retransmit?.running) return;
  p.retransmit.running = false;
  timers?.cancel(fourTupleOf(connection));
}

/**
 * An ACK from this machine: one that moves SND.UNA (never past what was sent) resets the count and runs
 * the timer again for what is still outstanding (RFC 6298 §5.3), or stops it. True when it moved.
 */
export function peerAcked(params: PeerRetransmitParameters | undefined, timers: PeerTimers | undefined, p: RetransmittingStream, connection: FourTuple, ack: number): boolean {
  const una = Math.min(ack, sndMaxSeq(p));
  if (una <= p.sndUna) return false;
  p.sndUna = una;
  if (p.retransmit) {
    p.retransmit.count = 0;
    p.retransmit.gaveUp = false;
    stopPeerRetransmit(timers, p, connection);
  }
  armPeerRetransmit(params, timers, p, connection);
  return true;
}

/**
 * The timer expired: what to do. `resend` when the peer sends everything from SND.UNA again (the count
 * is up by one, and the timer runs again after the resend), `gaveUp` past the limit, `nothing` when it
 * was stopped meanwhile or nothing is outstanding.
 */
export function peerRetransmitExpired(params: PeerRetransmitParameters | undefined, timers: PeerTimers | undefined, p: RetransmittingStream, connection: FourTuple): 'resend' | 'gaveUp' | 'nothing' {
  const r = p.retransmit;
  if (!params || !r?.running) return 'nothing';
  r.running = false;
  if (p.reset || !outstanding(p)) return 'nothing';
  if (r.count >= params.maxRetransmissions) {
    r.gaveUp = true;
    timers?.say(connection, `retransmitted ${r.count} times without an ACK that moves SND.UNA ${p.sndUna}: stops retransmitting (it holds what it sent, up to SND.MAX ${sndMaxSeq(p)})`);
    return 'gaveUp';
  }
  r.count += 1;
  timers?.say(connection, `goes back to SND.UNA ${p.sndUna} and sends again up to SND.MAX ${sndMaxSeq(p)} (retransmission ${r.count}; the timeout doubles)`);
  return 'resend';
}

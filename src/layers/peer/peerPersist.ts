/**
 * The peer's persist timer (RFC 1122 §4.2.2.17, RFC 793 §3.7), as simple as it can be, beside its
 * retransmit timer (peerRetransmit) and only where that one runs: on a wire that can lose
 * (`RemotePeerState.retransmit` is set). On a lossless wire this machine's window update always
 * arrives, and the ideal peer's traces stay as they were.
 *
 * When this machine's window is shut (its right edge at the peer's SND.NXT), the peer has data that
 * waits for it, and nothing is in flight, the peer sets the persist timer — and not the retransmit
 * timer: the two never run together for a connection (as in BSD's tcp_output). Should this machine's
 * window update be lost, the peer would otherwise wait for ever. When the timer expires the peer sends
 * one byte past the window, the next byte of its stream (SND.NXT stays: the byte counts as sent — the
 * peer holds it for retransmission — and goes again with the rest once the window opens, unless the
 * probe's ACK shows it taken), and sets the timer again, twice as long. The numbers are this machine's
 * (`DEFAULT_PERSIST_TIMER`: 1 s doubling to 60 s); after its 8 probes the peer stops probing (the trace
 * says so) and waits for a window update, so a run with `deliver: all` always ends. An ACK whose window
 * opens (a window update, or the answer to a probe) stops the timer and starts the count over; the peer
 * sends what waits.
 */
import { fourTupleOf, type FourTuple } from '../../wire/FourTuple.js';
import { DEFAULT_PERSIST_TIMER, persistDelayUs } from '../../wire/window.js';
import { armPeerRetransmit, stopPeerRetransmit, type PeerRetransmitParameters, type PeerTimers, type RetransmittingStream } from './peerRetransmit.js';

/** The peer's persist state of one connection (plain data). */
export interface PeerPersist {
  /** Probes sent since this machine's window was last open. */
  probes: number;
  /** The timer is set (a scheduler item waits). */
  running: boolean;
  /** The peer sent its last probe and stopped: it sends nothing more until the window opens. */
  gaveUp: boolean;
}

/** What the persist timer reads and writes of a peer connection. */
export interface PersistingStream extends RetransmittingStream {
  sndNxt: number;
  /** The end of the peer's send stream so far: [sndNxt, sndEnd) waits for this machine's window. */
  sndEnd: number;
  /** The right edge of this machine's receive window. */
  sndEdge: number;
  persist?: PeerPersist;
}

/** The peer may send nothing now, has data that waits, and nothing in flight: the persist timer's case. */
function behindZeroWindow(p: PersistingStream): boolean {
  return !p.reset && !p.finSent && p.sndEdge <= p.sndNxt && p.sndNxt < p.sndEnd && p.sndUna >= p.sndNxt;
}

/**
 * After the peer sent what this machine's window lets it (or learnt the window): behind a zero window
 * it sets the persist timer (the retransmit timer stops); otherwise the persist timer stops and the
 * retransmit timer runs for anything outstanding. Once the window is open again (its right edge past
 * SND.UNA) the count of probes starts over.
 */
export function settlePeerPersist(params: PeerRetransmitParameters | undefined, timers: PeerTimers | undefined, p: PersistingStream, connection: FourTuple): void {
  if (!params || !timers) return;
  if (behindZeroWindow(p)) return void setPeerPersist(timers, p, connection);
  if (!p.persist) return;
  const open = p.sndEdge > p.sndUna;
  if (p.persist.running) timers.say(connection, open ? `this machine's window is open to ${p.sndEdge}: stops the persist timer` : 'stops the persist timer');
  stopPeerPersist(timers, p, connection);
  if (open) {
    p.persist.probes = 0;
    p.persist.gaveUp = false;
  }
  armPeerRetransmit(params, timers, p, connection);
}

/**
 * An ACK from this machine moved SND.UNA past SND.NXT while the peer probes: it took the probe's byte, so
 * SND.NXT follows it (the byte is not sent again). Before the peer sends what waits.
 */
export function peerProbeAcked(p: PersistingStream): void {
  if (p.persist && p.persist.probes > 0 && p.sndNxt < p.sndUna) p.sndNxt = Math.min(p.sndUna, p.sndMax);
}

/** Sets the persist timer for the next probe, unless it is set or the peer stopped probing. */
function setPeerPersist(timers: PeerTimers, p: PersistingStream, connection: FourTuple): void {
  const q = (p.persist ??= { probes: 0, running: false, gaveUp: false });
  if (q.running || q.gaveUp) return;
  if (q.probes >= DEFAULT_PERSIST_TIMER.maxProbes) {
    q.gaveUp = true;
    timers.say(connection, `sent ${q.probes} zero-window probes: stops probing, and waits for this machine's window update (it holds its data from SND.NXT ${p.sndNxt})`);
    return;
  }
  stopPeerRetransmit(timers, p, connection);
  q.running = true;
  const delay = persistDelayUs(DEFAULT_PERSIST_TIMER, q.probes);
  timers.say(connection, `this machine's window is shut at ${p.sndEdge} and ${p.sndEnd - p.sndNxt} bytes wait: probes in ${delay / 1000} ms (persist timer)`);
  timers.set(fourTupleOf(connection), delay, 'persist');
}

/** Stops the persist timer (the window opened, or the connection was reset). */
export function stopPeerPersist(timers: PeerTimers | undefined, p: PersistingStream, connection: FourTuple): void {
  if (!p.persist?.running) return;
  p.persist.running = false;
  timers?.cancel(fourTupleOf(connection), 'persist');
}

/**
 * The persist timer expired: `probe` when the peer is to send its probe, the byte at SND.NXT (the count is
 * up by one; sending settles the timer again, backed off); `send` when the window opened meanwhile
 * without the peer sending (what waits goes now); `nothing` when the timer was stopped meanwhile.
 */
export function peerPersistExpired(p: PersistingStream, timers: PeerTimers | undefined, connection: FourTuple): 'probe' | 'send' | 'nothing' {
  const q = p.persist;
  if (!q?.running) return 'nothing';
  q.running = false;
  if (!behindZeroWindow(p)) return 'send';
  q.probes += 1;
  timers?.say(connection, `persist timer: probes this machine's zero window with byte ${p.sndNxt} (probe ${q.probes} of ${DEFAULT_PERSIST_TIMER.maxProbes})`);
  return 'probe';
}

/**
 * The peer's window at the target, and the persist timer (reference §6.12: one of the timers the target
 * runs per connection; RFC 793 §3.7, RFC 1122 §4.2.2.17). Each acceptable ACK from the peer sets SndUna
 * and — unless the segment is older than the one that last did (SendWL1) — SndWnd (and MaxSndWnd). The
 * target sends nothing past SndUna + SndWnd. A segment that starts past the receive window's right edge
 * sets no window (it is not acceptable, RFC 793 p.69): else a misbehaving peer's SEG.SEQ would leave
 * SendWL1 so far ahead that none of its later window updates would count. Behind a zero window with data to send and nothing in
 * flight it sets the persist timer; on expiry it sends a 1-byte probe past the window and sets the timer
 * again, twice as long (1 s doubling to 60 s: DEFAULT_PERSIST_TIMER). The probe round is the delegated
 * SndWndProbeCount, so it travels with the delegated state; a probe's byte counts as sent (SndNxt moves
 * past it), and when the peer's ACK shows it refused (the window still zero) SndNxt goes back to it.
 */
import { nblEnd } from '../../../ndis/NET_BUFFER_LIST.js';
import type { FourTuple } from '../../../wire/FourTuple.js';
import type { Segment } from '../../../wire/Segment.js';
import { DEFAULT_PERSIST_TIMER, persistDelayUs } from '../../../wire/window.js';
import { connectionOf, findConnection, type TargetCall } from './TargetCall.js';
import { delegatedOf, hasFlag, isTerminating, TargetFlags, type TargetObject } from './TargetState.js';

/** The persist timer's FunctionContext: the connection (by 4-tuple and serial number, as it may be gone). */
export interface PersistTimerContext {
  timer: 'persist';
  connection: FourTuple;
  serial: number;
}

/** Is a timer's FunctionContext a persist timer's? */
export function isPersistTimerContext(context: unknown): context is PersistTimerContext {
  return typeof context === 'object' && context !== null && 'timer' in context && context.timer === 'persist';
}

/** Is the one byte past SndUna a zero-window probe (SndWnd 0, a probe round under way, SndNxt = SndUna + 1)? */
export function probeInFlightAt(d: { SndWnd: number; SndWndProbeCount: number; SndNxt: number; SndUna: number }): boolean {
  return d.SndWnd === 0 && d.SndWndProbeCount > 0 && d.SndNxt === d.SndUna + 1;
}

/** The end of the send data the target holds (SndNxt when it holds none). */
function sendEnd(o: TargetObject): number {
  const q = o.sendQueue ?? [];
  const last = q[q.length - 1];
  return last ? nblEnd(last) : delegatedOf(o).SndNxt;
}

/**
 * Send data waits behind the peer's zero window (its right edge at SndUna): the persist timer, not the
 * retransmit timer, is the connection's (they never run together, as in BSD's tcp_output).
 */
export function behindZeroWindow(o: TargetObject): boolean {
  const d = delegatedOf(o);
  return peerRightEdge(o) <= d.SndUna && sendEnd(o) > d.SndUna;
}

/** The right edge of the peer's window: the target may send up to here. */
export function peerRightEdge(o: TargetObject): number {
  const d = delegatedOf(o);
  return d.SndUna + d.SndWnd;
}

/** The first byte not really sent: a refused-or-unanswered probe's byte, else SndNxt. */
function unsentFrom(o: TargetObject): number {
  const p = o.persist;
  return p && p.probeAt >= 0 ? p.probeAt : delegatedOf(o).SndNxt;
}

/** A segment from the peer with an ACK: SndWnd (RFC 793 p.72), and the answer to a probe. Before the ACK completes sends. */
export function windowFromPeerAtTarget(o: TargetObject, s: Segment): void {
  const d = delegatedOf(o);
  const ack = s.ack;
  if (ack === null || ack < d.SndUna) return;
  // RFC 793 p.69: a segment that starts past the receive window is not acceptable (a misbehaving peer's): it sets no window.
  if (s.wnd !== undefined && s.seq >= d.SendWL1 && s.seq <= d.RcvNxt + d.RcvWnd) {
    d.SndWnd = s.wnd;
    d.SendWL1 = s.seq;
    d.MaxSndWnd = Math.max(d.MaxSndWnd, s.wnd);
  }
  const p = o.persist;
  if (p && p.probeAt >= 0) {
    if (ack > p.probeAt) p.probeAt = -1; // the probe's byte was taken
    // Only a pure ACK answers the probe: a data segment's ACK may have been made before the probe arrived.
    // And only while the probe is all that is in flight: data sent after it (the window opened meanwhile)
    // is not sent again on an ACK that may be older than it.
    else if (d.SndWnd === 0 && d.SndNxt === p.probeAt + 1 && s.len === 0 && !s.fin) {
      d.SndNxt = p.probeAt; // refused: it is sent again once the window opens
      p.probeAt = -1;
    }
  }
  if (d.SndWnd > 0) d.SndWndProbeCount = 0;
  if (d.SndNxt < ack) d.SndNxt = ack;
}

/** Data waits behind a zero window and nothing is in flight: the persist timer starts (once). */
export function startPersistTimer(c: TargetCall, o: TargetObject): void {
  const d = delegatedOf(o);
  const from = unsentFrom(o);
  if (o.persist?.timer || d.SndWnd > 0 || from >= sendEnd(o) || from > d.SndUna) return;
  const p = (o.persist ??= { probeAt: -1, timer: false }); // made the first time it is needed: most connections never meet a zero window
  if (d.SndWndProbeCount >= DEFAULT_PERSIST_TIMER.maxProbes) {
    c.ndis.DbgPrint(`stops probing after ${d.SndWndProbeCount} probes: waits for the peer's window update`, o.NdisOffloadHandle.label);
    return;
  }
  p.timer = true;
  const delay = persistDelayUs(DEFAULT_PERSIST_TIMER, d.SndWndProbeCount);
  const label = o.NdisOffloadHandle.label;
  c.ndis.DbgPrint(`the peer offers a zero window: keeps its data and probes in ${delay / 1000} ms (persist timer)`, label);
  const { localAddress, localPort, remoteAddress, remotePort } = connectionOf(c, o);
  const context = { timer: 'persist', connection: { localAddress, localPort, remoteAddress, remotePort }, serial: o.serial } satisfies PersistTimerContext;
  c.ndis.NdisSetTimerObject(`persist timer of ${label}`, context, label, delay);
}

/** The persist timer expired: a 1-byte probe past the zero window, and the timer again (backed off). */
export function persistTimerExpired(c: TargetCall, context: PersistTimerContext, advertise: (o: TargetObject) => number): void {
  const o = findConnection(c.s, context.connection);
  if (!o || o.serial !== context.serial || !o.persist) return;
  o.persist.timer = false;
  const d = delegatedOf(o);
  // A probe not answered yet: on a wire that loses nothing its answer sets the timer again (one probe at
  // a time, so the peer never gets a byte twice); on one that can lose, the probe or its answer may be
  // gone, so the same byte goes again.
  if (o.persist.probeAt >= 0 && !c.s.tcpTimers?.retransmit) return;
  const at = unsentFrom(o);
  if (isTerminating(o) || hasFlag(o, TargetFlags.Aborted) || hasFlag(o, TargetFlags.UploadRequested) || d.SndWnd > 0 || at >= sendEnd(o)) return;
  o.persist.probeAt = at;
  d.SndWndProbeCount++;
  c.ndis.DbgPrint(`persist timer expired: probes the peer's zero window with byte ${at} (probe ${d.SndWndProbeCount})`, o.NdisOffloadHandle.label);
  c.nic.transmit({ connection: connectionOf(c, o), seq: at, len: 1, ack: d.RcvNxt, wnd: advertise(o), probe: true });
  d.SndNxt = Math.max(d.SndNxt, at + 1);
  d.SndMax = Math.max(d.SndMax, d.SndNxt);
  startPersistTimer(c, o);
}

/**
 * The target's retransmit timer (reference §6.12: the target runs it while it owns the connection, with
 * the limit TcpMaximumRetransmissions). Data (or a FIN) sent and not acknowledged arms it; an ACK that
 * moves SndUna resets the count and re-arms it for what is still outstanding; when it expires the target
 * goes back to SndUna and sends everything again (go-back-N: no SACK is modelled), with the timeout
 * doubled (RFC 6298 §5.5). Past the limit it stops and asks for the upload: TcpIndicateRetrieve with
 * TimeoutExpiration (mandatory). Its state is the delegated `Retransmit { Count, TimeoutDelta }` and
 * `TotalRT` (ticks), which travel with the connection on initiate and terminate (reference §3.2):
 * TimeoutDelta is the ticks left until it fires, 0xFFFFFFFF when it is not running.
 *
 * It runs only when the host set TCP timers (a wire that can lose, TcpTimerParameters).
 */
import { TIMER_NOT_RUNNING } from '../../../ndis/flags.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { backedOffRtoUs, TIMER_TICK_US } from '../../../ndis/TcpTimerParameters.js';
import { TCP_UPLOAD_REASON } from '../../../ndis/TCP_UPLOAD_REASON.js';
import { fourTupleText, type FourTuple } from '../../../wire/FourTuple.js';
import { connectionOf, findConnection, moveDelegatedTcp, type TargetCall } from './TargetCall.js';
import { indicateWhenInitiateReturned } from './targetIndications.js';
import { behindZeroWindow, startPersistTimer } from './persistTimer.js';
import { delegatedOf, hasFlag, isTerminating, TargetFlags, type TargetObject } from './TargetState.js';

/** The retransmit timer's FunctionContext: the connection, by 4-tuple and serial number (it may be gone). */
export interface RetransmitTimerContext {
  timer: 'retransmit';
  connection: FourTuple;
  serial: number;
}

/** Is a timer's FunctionContext the retransmit timer's? */
export function isRetransmitTimerContext(context: unknown): context is RetransmitTimerContext {
  return typeof context === 'object' && context !== null && 'timer' in context && context.timer === 'retransmit';
}

const timerName = (o: TargetObject) => `retransmit timer of ${o.NdisOffloadHandle.label}`;

/** Is anything sent and not acknowledged (data, or the FIN)? */
function outstanding(o: TargetObject): boolean {
  const d = delegatedOf(o);
  return d.SndMax > d.SndUna;
}

/** Arms the timer if something is outstanding and it is not running; `dueUs` overrides the backed-off timeout (a delta handed down). */
export function armRetransmit(c: TargetCall, o: TargetObject, dueUs?: number, finWait2 = false): void {
  const p = c.s.tcpTimers;
  if (!p?.retransmit || !(outstanding(o) || finWait2 || delegatedOf(o).State === TCPSTATE.TCPSTATE_FIN_WAIT_2) || hasFlag(o, TargetFlags.UploadRequested) || isTerminating(o)) return;
  if (dueUs === undefined && behindZeroWindow(o)) return; // the persist timer's turn
  const d = delegatedOf(o);
  if (d.Retransmit.TimeoutDelta !== TIMER_NOT_RUNNING && dueUs === undefined) return;
  const after = dueUs ?? backedOffRtoUs(p, d.Retransmit.Count);
  d.Retransmit.TimeoutDelta = Math.round(after / TIMER_TICK_US);
  o.retransmitDue = c.ndis.NdisGetCurrentSystemTime() + after;
  const { localAddress, localPort, remoteAddress, remotePort } = connectionOf(c, o);
  const connection = { localAddress, localPort, remoteAddress, remotePort };
  const context = { timer: 'retransmit', connection, serial: o.serial } satisfies RetransmitTimerContext;
  const name = delegatedOf(o).State === TCPSTATE.TCPSTATE_FIN_WAIT_2 && !outstanding(o) ? `FIN_WAIT_2 timer of ${o.NdisOffloadHandle.label}` : timerName(o);
  c.ndis.NdisSetTimerObject(name, context, o.NdisOffloadHandle.label, after, fourTupleText(connection));
}

/**
 * An ACK moved SndUna: the count starts again, and the timer runs again for what is still outstanding
 * (RFC 6298 §5.3). Once the target asked for the upload (or is terminating) it cannot be armed again, so
 * a running timer is left running for what is still outstanding: the terminate hands it back to the host.
 */
export function retransmitAcked(c: TargetCall, o: TargetObject): void {
  const d = delegatedOf(o);
  if (!c.s.tcpTimers?.retransmit) return;
  d.Retransmit.Count = 0;
  d.TotalRT = 0;
  if ((hasFlag(o, TargetFlags.UploadRequested) || isTerminating(o)) && outstanding(o)) return;
  stopRetransmit(c, o);
  armRetransmit(c, o);
}

/** Stops the timer (nothing outstanding, or the connection is leaving). */
export function stopRetransmit(c: TargetCall, o: TargetObject): void {
  const d = delegatedOf(o);
  if (d.Retransmit.TimeoutDelta === TIMER_NOT_RUNNING) return;
  d.Retransmit.TimeoutDelta = TIMER_NOT_RUNNING;
  delete o.retransmitDue;
  c.ndis.NdisCancelTimerObject(timerName(o));
  c.ndis.NdisCancelTimerObject(`FIN_WAIT_2 timer of ${o.NdisOffloadHandle.label}`);
}

/** The ticks left until the timer fires, for the delegated state handed back (0: due already, fire at once). */
export function retransmitTicksLeft(c: TargetCall, o: TargetObject): number {
  if (o.retransmitDue === undefined) return TIMER_NOT_RUNNING;
  return Math.max(0, Math.round((o.retransmitDue - c.ndis.NdisGetCurrentSystemTime()) / TIMER_TICK_US));
}

/**
 * The retransmit timer expired: back to SndUna, everything outstanding again, the timeout doubled; past
 * TcpMaximumRetransmissions, TcpIndicateRetrieve(TimeoutExpiration) instead (reference §2.3, §6.12).
 */
export function retransmitTimerExpired(c: TargetCall, context: RetransmitTimerContext, resend: (c: TargetCall, o: TargetObject) => void): void {
  const o = findConnection(c.s, context.connection);
  const p = c.s.tcpTimers;
  if (!o || o.serial !== context.serial || !p || isTerminating(o) || hasFlag(o, TargetFlags.UploadRequested)) return;
  const d = delegatedOf(o);
  if (d.Retransmit.TimeoutDelta === TIMER_NOT_RUNNING) return; // stopped meanwhile
  d.Retransmit.TimeoutDelta = TIMER_NOT_RUNNING;
  delete o.retransmitDue;
  if (d.State === TCPSTATE.TCPSTATE_FIN_WAIT_2) {
    // Reference §6.12: the FIN_WAIT_2 timer (this same timer) expired: CLOSED, and a mandatory upload.
    c.ndis.DbgPrint(`FIN_WAIT_2 timer expired: the peer never closed; CLOSED, asks for the upload`, o.NdisOffloadHandle.label);
    moveDelegatedTcp(o, { type: 'FinWait2Expired' });
    o.flags |= TargetFlags.UploadRequested;
    indicateWhenInitiateReturned(c, o, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.TimeoutExpiration);
    return;
  }
  if (!outstanding(o)) return;
  const label = o.NdisOffloadHandle.label;
  if (behindZeroWindow(o)) {
    // The peer shut its window with data in flight (as BSD's tcp_output does): nothing to send again;
    // SndNxt goes back to the closed window and the persist timer probes it (RFC 1122 §4.2.2.17).
    c.ndis.DbgPrint(`retransmit timer expired behind the peer's zero window: the persist timer takes over`, label);
    d.Retransmit.Count = 0;
    d.SndNxt = d.SndUna;
    startPersistTimer(c, o);
    return;
  }
  d.TotalRT += Math.round(backedOffRtoUs(p, d.Retransmit.Count) / TIMER_TICK_US);
  d.Retransmit.Count += 1;
  if (d.Retransmit.Count > p.maxRetransmissions) {
    c.ndis.DbgPrint(`retransmitted ${p.maxRetransmissions} times without an ACK (TcpMaximumRetransmissions): asks for the upload`, label);
    o.flags |= TargetFlags.UploadRequested;
    // Handed back as "running and already expired" (TimeoutDelta 0, reference §3.2): the host's TCP fires it at once.
    d.Retransmit.TimeoutDelta = 0;
    o.retransmitDue = c.ndis.NdisGetCurrentSystemTime();
    indicateWhenInitiateReturned(c, o, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.TimeoutExpiration);
    return;
  }
  c.ndis.DbgPrint(() => `retransmit timer expired (retransmission ${d.Retransmit.Count}): sends again from SndUna ${d.SndUna} to SndMax ${d.SndMax}`, label);
  resend(c, o);
  armRetransmit(c, o);
}

/** Initiate: a retransmit timer the host had running goes on here, with the ticks it had left (0: fires at once). */
export function takeRetransmitTimer(c: TargetCall, o: TargetObject): void {
  if (!c.s.tcpTimers?.retransmit) return; // no timers run here: the delegated values are kept as they came
  const d = delegatedOf(o);
  const delta = d.Retransmit.TimeoutDelta;
  d.Retransmit.TimeoutDelta = TIMER_NOT_RUNNING;
  if (delta !== TIMER_NOT_RUNNING) armRetransmit(c, o, delta * TIMER_TICK_US);
}

/** Terminate or query: the delegated state handed up says how many ticks the timer has left; a terminate stops it here. */
export function handOverRetransmitTimer(c: TargetCall, o: TargetObject, out: { Retransmit: { TimeoutDelta: number } }, terminate: boolean): void {
  if (!c.s.tcpTimers?.retransmit) return; // no timers run here: the delegated values go back as they are
  out.Retransmit.TimeoutDelta = retransmitTicksLeft(c, o);
  if (terminate) stopRetransmit(c, o);
}

/**
 * FIN_WAIT_2 (reference §6.12): the retransmit timer, with nothing left to retransmit, becomes the
 * FIN_WAIT_2 timer (TcpFinWait2Delay, 120 s); an acceptable segment from the peer restarts it, and when
 * it expires the connection goes CLOSED and the target asks for the upload (TimeoutExpiration).
 */
export function armFinWait2(c: TargetCall, o: TargetObject): void {
  const p = c.s.tcpTimers;
  const d = delegatedOf(o);
  if (!p?.retransmit || d.State !== TCPSTATE.TCPSTATE_FIN_WAIT_2 || hasFlag(o, TargetFlags.UploadRequested) || isTerminating(o)) return;
  stopRetransmit(c, o);
  armRetransmit(c, o, p.finWait2Us, true);
}

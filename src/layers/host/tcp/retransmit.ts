/**
 * The host's own TCP's retransmit timer, while the connection is in the host (the target runs its own
 * while offloaded: targetRetransmit). Data or a FIN sent and not acknowledged arms it; an ACK that moves
 * SND.UNA resets the count; on expiry everything from SND.UNA goes again (go-back-N), with the timeout
 * doubled (RFC 6298 §5.5); past TcpMaxDataRetransmissions the host gives the connection up, as Windows
 * does: an RST, and the TCB is closed. The timer travels with the connection: the delegated
 * `Retransmit { Count, TimeoutDelta }` comes back on terminate (the host goes on with the ticks left, 0:
 * at once) and goes down on initiate. It runs only with TCP timers set (a wire that can lose).
 */
import type { Reserved } from '../../../ndis/NET_BUFFER_LIST.js';
import { TIMER_NOT_RUNNING } from '../../../ndis/flags.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../ndis/stateStructures.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { backedOffRtoUs, TIMER_TICK_US } from '../../../ndis/TcpTimerParameters.js';
import { fourTupleOf, fourTupleText } from '../../../wire/FourTuple.js';
import type { HostContext } from '../HostContext.js';
import { discardQueue } from './discardQueue.js';
import { moveTcp } from './moveTcp.js';
import { sendSegment } from './sendSegment.js';
import type { Tcb } from './Tcb.js';
import { sendEnd, streamOf } from './TcbStream.js';
import { nblEnd } from '../../../ndis/NET_BUFFER_LIST.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { startPersistInHost } from './persistInHost.js';
import { sendEdge } from './sendWindow.js';

/** The host's retransmit state of one TCB (the delegated Retransmit, TotalRT, and SND.UNA). */
export interface HostRetransmit {
  /** SND.UNA: the first byte (or the FIN) not yet acknowledged. */
  sndUna: number;
  /** Retransmissions of what is outstanding so far. */
  count: number;
  /** Ticks spent retransmitting it. */
  totalRt: number;
  /** When the timer fires (virtual µs), or null when it is not running. */
  due: number | null;
}

/** The retransmit timer's FunctionContext. */
interface RetransmitTimerContext {
  timer: 'retransmit';
  tcb: string;
}

export function isHostRetransmitTimerContext(context: Reserved): context is Reserved & RetransmitTimerContext {
  return typeof context === 'object' && context !== null && !Array.isArray(context) && 'timer' in context && context.timer === 'retransmit' && 'tcb' in context;
}

const timerName = (t: Tcb) => `retransmit timer of ${t.label}`;

/** Cancels the timer, under either of its names. */
function cancel(c: HostContext, t: Tcb): void {
  c.ndis.NdisCancelTimerObject(timerName(t));
  c.ndis.NdisCancelTimerObject(`FIN_WAIT_2 timer of ${t.label}`);
}

function retransmitOf(t: Tcb): HostRetransmit {
  return (t.retransmit ??= { sndUna: 0, count: 0, totalRt: 0, due: null });
}

/** The end of what the host has sent: SND.NXT, or one past its FIN. */
function sndMax(t: Tcb): number {
  const s = streamOf(t);
  return Math.max(s.sndNxt, s.finSeq >= 0 ? s.finSeq + 1 : 0);
}

/** In the host, after sending: arms the timer if something is outstanding and it is not running (`afterUs` overrides the timeout). */
export function armRetransmitInHost(c: HostContext, t: Tcb, afterUs?: number): void {
  const p = c.s.policy.tcpTimers;
  if (!p?.retransmit || t.offload !== S.TcpConnectionOffloadStateInHost || t.aborted || t.deleted) return;
  const r = retransmitOf(t);
  const finWait2 = t.tcp === TCPSTATE.TCPSTATE_FIN_WAIT_2 && sndMax(t) <= r.sndUna;
  if ((sndMax(t) <= r.sndUna && !finWait2) || (r.due !== null && afterUs === undefined)) return;
  const after = afterUs ?? backedOffRtoUs(p, r.count);
  r.due = c.ndis.NdisGetCurrentSystemTime() + after;
  cancel(c, t);
  c.ndis.NdisSetTimerObject(finWait2 ? `FIN_WAIT_2 timer of ${t.label}` : timerName(t), { timer: 'retransmit', tcb: t.label } satisfies RetransmitTimerContext, t.label, after, fourTupleText(fourTupleOf(t)));
}

/** In the host: an ACK; one that moves SND.UNA resets the count and runs the timer again for what is still outstanding. */
export function retransmitAckedInHost(c: HostContext, t: Tcb, ack: number): void {
  if (!c.s.policy.tcpTimers?.retransmit) return;
  const r = retransmitOf(t);
  if (ack <= r.sndUna) return;
  r.sndUna = ack;
  r.count = 0;
  r.totalRt = 0;
  r.due = null;
  cancel(c, t);
  armRetransmitInHost(c, t);
}

/** The retransmit timer expired: everything from SND.UNA again, or — past the limit — the connection is given up. */
export function retransmitTimerExpiredInHost(c: HostContext, context: RetransmitTimerContext): void {
  const t = c.s.tcbs[context.tcb];
  const p = c.s.policy.tcpTimers;
  if (!t || !p || !t.retransmit || t.retransmit.due === null || t.offload !== S.TcpConnectionOffloadStateInHost || t.aborted || t.deleted) return;
  const r = t.retransmit;
  r.due = null;
  const s = streamOf(t);
  if (t.tcp === TCPSTATE.TCPSTATE_FIN_WAIT_2) {
    // The same timer is the FIN_WAIT_2 timer (TcpFinWait2Delay): the peer never closed; CLOSED, and the TCB is deleted.
    if (c.report.wanted) c.report.decision(`the FIN_WAIT_2 timer of ${t.label} expired: the peer never closed`, t.label);
    moveTcp(c, t, { type: 'FinWait2Expired' }); // CLOSED: the TCB is deleted
    return;
  }
  const max = sndMax(t);
  if (max <= r.sndUna) return;
  const edge = sendEdge(s);
  if (edge <= r.sndUna && sendEnd(s) > r.sndUna) {
    // The peer shut its window with data in flight (as BSD's tcp_output does): nothing to send again;
    // SND.NXT goes back to the closed window and the persist timer probes it (RFC 1122 §4.2.2.17).
    if (c.report.wanted) c.report.decision(`retransmit timer of ${t.label} expired behind the peer's zero window: the persist timer takes over`, t.label);
    r.count = 0;
    s.sndNxt = r.sndUna;
    s.window.probeAt = -1;
    startPersistInHost(c, t, s);
    return;
  }
  r.totalRt += Math.round(backedOffRtoUs(p, r.count) / TIMER_TICK_US);
  r.count += 1;
  if (r.count > p.maxRetransmissions) {
    if (c.report.wanted) c.report.decision(`gives ${t.label} up: ${p.maxRetransmissions} retransmissions without an ACK (TcpMaxDataRetransmissions); sends an RST`, t.label);
    sendSegment(c, { connection: fourTupleOf(t), seq: s.sndNxt, len: 0, ack: null, rst: true });
    t.aborted = true;
    moveTcp(c, t, { type: 'AbortiveClose' });
    discardQueue(t);
    return;
  }
  if (c.report.wanted) c.report.decision(`retransmit timer expired (retransmission ${r.count}): sends again from SND.UNA ${r.sndUna}`, t.label);
  let next = r.sndUna;
  for (const n of s.sendQueue) {
    if (nblEnd(n) <= next) continue;
    const seq = Math.max(n.DataOffset, next);
    const end = Math.min(nblEnd(n), Math.max(edge, s.window.probeAt >= 0 ? s.window.probeAt + 1 : edge)); // no further than the peer's window (and a probe's byte)
    if (end <= seq) break;
    sendSegment(c, { connection: fourTupleOf(t), seq, len: end - seq, ack: s.rcvNxt });
    next = end;
  }
  if (s.finSeq >= 0 && s.finSeq >= r.sndUna && next >= s.finSeq) sendSegment(c, { connection: fourTupleOf(t), seq: s.finSeq, len: 0, ack: s.rcvNxt, fin: true });
  armRetransmitInHost(c, t);
}

/** Terminate completed: SND.UNA, the count and the timer come back with the delegated state (the ticks left; 0 fires at once). */
export function takeBackRetransmit(c: HostContext, t: Tcb, returned: Readonly<TCP_OFFLOAD_STATE_DELEGATED>): void {
  if (!c.s.policy.tcpTimers?.retransmit) return;
  const r = retransmitOf(t);
  r.sndUna = returned.SndUna;
  r.count = returned.Retransmit.Count;
  r.totalRt = returned.TotalRT;
  r.due = null;
  const delta = returned.Retransmit.TimeoutDelta;
  if (delta !== TIMER_NOT_RUNNING) armRetransmitInHost(c, t, delta * TIMER_TICK_US);
}

/** Initiate: the timer goes down with the connection (the ticks it has left); the host's stops. */
export function handDownRetransmit(c: HostContext, t: Tcb, Delegated: TCP_OFFLOAD_STATE_DELEGATED): void {
  const r = t.retransmit;
  if (!r || !c.s.policy.tcpTimers?.retransmit) return;
  Delegated.Retransmit = { Count: r.count, TimeoutDelta: r.due === null ? TIMER_NOT_RUNNING : Math.max(0, Math.round((r.due - c.ndis.NdisGetCurrentSystemTime()) / TIMER_TICK_US)) };
  Delegated.TotalRT = r.totalRt;
  r.due = null;
  cancel(c, t);
}

/** In the host: the ACK of its FIN took the TCB to FIN_WAIT_2: the FIN_WAIT_2 timer runs (TcpFinWait2Delay). */
export function armFinWait2InHost(c: HostContext, t: Tcb): void {
  const p = c.s.policy.tcpTimers;
  if (!p?.retransmit || t.tcp !== TCPSTATE.TCPSTATE_FIN_WAIT_2) return;
  armRetransmitInHost(c, t, p.finWait2Us);
}

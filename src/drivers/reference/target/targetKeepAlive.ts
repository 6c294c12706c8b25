/**
 * The target's keepalive timer (reference §6.12: a timer the target runs per connection; §3.2 cached
 * KaProbeCount, KaTimeout, KaInterval and the delegated KeepAlive { ProbeCount, TimeoutDelta }). It runs
 * only when the host enabled keepalive (TCP_FLAG_KEEP_ALIVE_ENABLED in the cached Flags: SO_KEEPALIVE).
 * KaTimeout ticks (2 h) after the last segment from the peer, a probe goes out — an empty segment with
 * SND.NXT − 1, which the peer must answer with an ACK (RFC 1122 §4.2.3.6) — and again every KaInterval
 * (1 s) while none comes; any segment from the peer starts it over. When KaProbeCount probes (10 when
 * 0) went unanswered the target asks for the upload: TcpIndicateRetrieve, TimeoutExpiration (the host's
 * TCP decides what to do with a dead peer). The timer travels: TimeoutDelta is the ticks it had left.
 */
import { TCP_FLAG_KEEP_ALIVE_ENABLED, TIMER_NOT_RUNNING } from '../../../ndis/flags.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TIMER_TICK_US } from '../../../ndis/TcpTimerParameters.js';
import { TCP_UPLOAD_REASON } from '../../../ndis/TCP_UPLOAD_REASON.js';
import { fourTupleText, type FourTuple } from '../../../wire/FourTuple.js';
import { connectionOf, findConnection, type TargetCall } from './TargetCall.js';
import { indicateWhenInitiateReturned } from './targetIndications.js';
import { delegatedOf, hasFlag, isTerminating, TargetFlags, type TargetObject } from './TargetState.js';

/** The keepalive timer's FunctionContext. */
export interface KeepAliveTimerContext {
  timer: 'keepalive';
  connection: FourTuple;
  serial: number;
}

export function isKeepAliveTimerContext(context: unknown): context is KeepAliveTimerContext {
  return typeof context === 'object' && context !== null && 'timer' in context && context.timer === 'keepalive';
}

const timerName = (o: TargetObject) => `keepalive timer of ${o.NdisOffloadHandle.label}`;
/** Reference §6.12: KaProbeCount and KaInterval default to 10 and 1 s when zero. */
const probeLimit = (o: TargetObject) => o.cached?.KaProbeCount || 10;

function enabled(o: TargetObject): boolean {
  return ((o.cached?.Flags ?? 0) & TCP_FLAG_KEEP_ALIVE_ENABLED) !== 0 && !hasFlag(o, TargetFlags.UploadRequested) && !isTerminating(o);
}

/** (Re)starts the timer: `ticks` from now, by default KaTimeout (KaInterval while probing). */
export function armKeepAlive(c: TargetCall, o: TargetObject, ticks?: number): void {
  if (!enabled(o)) return;
  const d = delegatedOf(o);
  const after = ticks ?? (d.KeepAlive.ProbeCount > 0 ? o.cached!.KaInterval || 1000 : o.cached!.KaTimeout);
  if (d.KeepAlive.TimeoutDelta !== TIMER_NOT_RUNNING) c.ndis.NdisCancelTimerObject(timerName(o));
  d.KeepAlive.TimeoutDelta = after;
  o.keepAliveDue = c.ndis.NdisGetCurrentSystemTime() + after * TIMER_TICK_US;
  const { localAddress, localPort, remoteAddress, remotePort } = connectionOf(c, o);
  const connection = { localAddress, localPort, remoteAddress, remotePort };
  c.ndis.NdisSetTimerObject(timerName(o), { timer: 'keepalive', connection, serial: o.serial } satisfies KeepAliveTimerContext, o.NdisOffloadHandle.label, after * TIMER_TICK_US, fourTupleText(connection));
}

/** Initiate: a keepalive timer the host handed down goes on with the ticks it had left; otherwise it starts. */
export function takeKeepAlive(c: TargetCall, o: TargetObject): void {
  if (!enabled(o)) return; // no keepalive here: the delegated values are kept as they came
  const d = delegatedOf(o);
  const delta = d.KeepAlive.TimeoutDelta;
  d.KeepAlive.TimeoutDelta = TIMER_NOT_RUNNING;
  armKeepAlive(c, o, delta === TIMER_NOT_RUNNING ? undefined : delta);
}

/** A segment from the peer: it is alive; the timer starts over (probing stops). */
export function peerAlive(c: TargetCall, o: TargetObject): void {
  if (!enabled(o)) return;
  delegatedOf(o).KeepAlive.ProbeCount = 0;
  armKeepAlive(c, o);
}

/** Terminate or query: the ticks the timer has left go up in the delegated state; a terminate stops it here. */
export function handOverKeepAlive(c: TargetCall, o: TargetObject, out: { KeepAlive: { TimeoutDelta: number } }, terminate: boolean): void {
  if (o.keepAliveDue === undefined) return;
  out.KeepAlive.TimeoutDelta = Math.max(0, Math.round((o.keepAliveDue - c.ndis.NdisGetCurrentSystemTime()) / TIMER_TICK_US));
  if (!terminate) return;
  c.ndis.NdisCancelTimerObject(timerName(o));
  delete o.keepAliveDue;
  delegatedOf(o).KeepAlive.TimeoutDelta = TIMER_NOT_RUNNING;
}

/** The keepalive timer expired: a probe, or — KaProbeCount probes unanswered — TcpIndicateRetrieve(TimeoutExpiration). */
export function keepAliveTimerExpired(c: TargetCall, context: KeepAliveTimerContext): void {
  const o = findConnection(c.s, context.connection);
  if (!o || o.serial !== context.serial || !enabled(o)) return;
  const d = delegatedOf(o);
  d.KeepAlive.TimeoutDelta = TIMER_NOT_RUNNING;
  delete o.keepAliveDue;
  const label = o.NdisOffloadHandle.label;
  if (d.KeepAlive.ProbeCount >= probeLimit(o)) {
    c.ndis.DbgPrint(`no answer to ${d.KeepAlive.ProbeCount} keepalive probes (KaProbeCount): asks for the upload`, label);
    o.flags |= TargetFlags.UploadRequested;
    indicateWhenInitiateReturned(c, o, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.TimeoutExpiration);
    return;
  }
  d.KeepAlive.ProbeCount += 1;
  c.ndis.DbgPrint(`keepalive timer expired: sends keepalive probe ${d.KeepAlive.ProbeCount} (seq SndNxt - 1)`, label);
  c.nic.transmit({ connection: connectionOf(c, o), seq: d.SndNxt - 1, len: 0, ack: d.RcvNxt });
  armKeepAlive(c, o);
}

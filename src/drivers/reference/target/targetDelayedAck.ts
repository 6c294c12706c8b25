/**
 * The target's delayed ACK (reference §6.12: a timer the target runs per connection; §3.4:
 * TcpAckFrequency and TcpDelayedAckTicks). With TcpAckFrequency n > 1, every nth data segment is ACKed at
 * once and the others when the delayed-ACK timer fires (200 ms, Windows' default); a FIN is ACKed at once.
 * With the default TcpAckFrequency 1 every segment is ACKed at once and no timer runs. The timer is not
 * handed over (reference §3.2): the target flushes a pending ACK before it gives the connection up.
 */
import { fourTupleText, type FourTuple } from '../../../wire/FourTuple.js';
import { connectionOf, findConnection, type TargetCall } from './TargetCall.js';
import { delegatedOf, type TargetObject } from './TargetState.js';
import { advertiseAtTarget } from './targetWindow.js';

/** The delayed-ACK timer's FunctionContext. */
export interface DelayedAckTimerContext {
  timer: 'delayed ACK';
  connection: FourTuple;
  serial: number;
}

export function isDelayedAckTimerContext(context: unknown): context is DelayedAckTimerContext {
  return typeof context === 'object' && context !== null && 'timer' in context && context.timer === 'delayed ACK';
}

const timerName = (o: TargetObject) => `delayed ACK timer of ${o.NdisOffloadHandle.label}`;

/** Data (or a FIN, `now`) was taken: ACK it at once, or — with TcpAckFrequency > 1 — every nth segment, the others on the timer. */
export function acknowledge(c: TargetCall, o: TargetObject, now: boolean): void {
  const p = c.s.tcpTimers;
  if (!p || p.ackFrequency <= 1 || now) return sendAck(c, o);
  o.unackedSegments = (o.unackedSegments ?? 0) + 1;
  if (o.unackedSegments >= p.ackFrequency) return sendAck(c, o);
  if (o.unackedSegments > 1) return; // the timer runs already
  const { localAddress, localPort, remoteAddress, remotePort } = connectionOf(c, o);
  const connection = { localAddress, localPort, remoteAddress, remotePort };
  c.ndis.NdisSetTimerObject(timerName(o), { timer: 'delayed ACK', connection, serial: o.serial } satisfies DelayedAckTimerContext, o.NdisOffloadHandle.label, p.delayedAckUs, fourTupleText(connection));
}

/** The ACK goes now (a pending delayed ACK with it). */
function sendAck(c: TargetCall, o: TargetObject): void {
  if (o.unackedSegments) c.ndis.NdisCancelTimerObject(timerName(o));
  delete o.unackedSegments;
  const d = delegatedOf(o);
  c.nic.transmit({ connection: connectionOf(c, o), seq: d.SndNxt, len: 0, ack: d.RcvNxt, wnd: advertiseAtTarget(o) });
}

/** The delayed-ACK timer expired: the ACK it held back goes now. */
export function delayedAckTimerExpired(c: TargetCall, context: DelayedAckTimerContext): void {
  const o = findConnection(c.s, context.connection);
  if (!o || o.serial !== context.serial || !o.unackedSegments) return;
  c.ndis.DbgPrint(`delayed ACK timer expired: ACKs ${o.unackedSegments} segment(s)`, o.NdisOffloadHandle.label);
  sendAck(c, o);
}

/** Terminate: a pending ACK is flushed first — the delayed-ACK timer is not handed over (reference §3.2). */
export function flushDelayedAck(c: TargetCall, o: TargetObject): void {
  if (!o.unackedSegments) return;
  c.ndis.DbgPrint('flushes the delayed ACK before handing the connection back', o.NdisOffloadHandle.label);
  sendAck(c, o);
}


/** The push timer (reference §6.7): a push-mode buffer holding data completes when it expires, if nothing else completed it first. */
import type { FourTuple } from '../../../wire/FourTuple.js';
import { deliverReceived } from './deliverReceived.js';
import { connectionOf, findConnection, type TargetCall } from './TargetCall.js';
import { delegatedOf, type TargetObject, type TargetReceive } from './TargetState.js';

/** The push timer's FunctionContext: the connection (by 4-tuple and serial number, as it may be gone). */
export interface PushTimerContext {
  timer: 'push';
  connection: FourTuple;
  serial: number;
}

/** Is a timer's FunctionContext a push timer's? */
export function isPushTimerContext(context: unknown): context is PushTimerContext {
  return typeof context === 'object' && context !== null && 'timer' in context && context.timer === 'push';
}

/** A push-mode buffer holds data: the push timer completes it if nothing else does first. */
export function startPushTimer(c: TargetCall, o: TargetObject, r: TargetReceive): void {
  if (r.pushTimer) return;
  r.pushTimer = true;
  const label = o.NdisOffloadHandle.label;
  const { localAddress, localPort, remoteAddress, remotePort } = connectionOf(c, o);
  const context = { timer: 'push', connection: { localAddress, localPort, remoteAddress, remotePort }, serial: o.serial } satisfies PushTimerContext;
  c.ndis.NdisSetTimerObject(`push timer of ${label}`, context, label);
}

/** The push timer expired: everything received so far is pushed. */
export function pushTimerExpired(c: TargetCall, context: PushTimerContext): void {
  const o = findConnection(c.s, context.connection);
  const r = o && o.serial === context.serial ? o.receive : undefined;
  if (!o || !r) return;
  r.pushTimer = false;
  r.pushUpTo = delegatedOf(o).RcvNxt;
  c.ndis.DbgPrint(`push timer expired: completes what is filled`, o.NdisOffloadHandle.label);
  deliverReceived(c, o);
}

/**
 * TIME_WAIT in the host (RFC 793): a TCB that reaches it in the host, or comes back in it with an upload,
 * waits 2MSL — a timer of the host stack, a pending item in virtual time, the host policy's
 * timedWaitDelaySeconds (Windows' TcpTimedWaitDelay, 120 s) — then goes CLOSED and is deleted: it leaves
 * the connection table (no DELETE_TCB row left behind). An offloaded connection's TIME_WAIT is the
 * target's to report: it asks for the upload (reference: timer overview), and the timer starts then.
 */
import { nextTcpState } from '../../../machines/tcpStateMachine.js';
import type { Reserved } from '../../../ndis/NET_BUFFER_LIST.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from './Tcb.js';
import { deleteClosedTcb } from './deleteClosedTcb.js';

/** The 2MSL timer's FunctionContext: the TCB it is about. */
interface TimeWaitTimerContext {
  timer: '2MSL';
  tcb: string;
}

function isTimeWaitTimerContext(context: Reserved): context is Reserved & TimeWaitTimerContext {
  return typeof context === 'object' && context !== null && !Array.isArray(context) && 'timer' in context && context.timer === '2MSL' && 'tcb' in context;
}

/** A TCB in TIME_WAIT in the host starts its 2MSL timer (nothing for one offloaded or elsewhere). */
export function startTimeWait(c: HostContext, t: Tcb): void {
  if (t.tcp !== TCPSTATE.TCPSTATE_TIME_WAIT || t.offload !== S.TcpConnectionOffloadStateInHost || t.deleted) return;
  const seconds = c.s.policy.timedWaitDelaySeconds;
  if (c.report.wanted) c.report.decision(`${t.label} is in TIME_WAIT: waits 2MSL (${seconds} s, TcpTimedWaitDelay) before it deletes the TCB`, t.label);
  const context = { timer: '2MSL', tcb: t.label } satisfies TimeWaitTimerContext;
  c.ndis.NdisSetTimerObject(`2MSL timer of ${t.label}`, context, t.label, seconds * 1_000_000);
}

/** A timer of the host stack expired: the 2MSL timer ends TIME_WAIT (unless an RST already closed the TCB). */
export function timerExpired(c: HostContext, FunctionContext: Reserved): void {
  if (!isTimeWaitTimerContext(FunctionContext)) {
    c.report.decision(`ignores a timer it does not know (FunctionContext ${JSON.stringify(FunctionContext)})`);
    return;
  }
  const t = c.s.tcbs[FunctionContext.tcb];
  if (!t || t.deleted || t.tcp !== TCPSTATE.TCPSTATE_TIME_WAIT) return;
  moveTimeWait(c, t, { type: 'TimeWaitExpired' });
}

/** An acceptable RST in TIME_WAIT: RFC 793 closes the TCB (the default); RFC 1337's policy ignores it. True when it was taken. */
export function resetInTimeWait(c: HostContext, t: Tcb): boolean {
  if (c.s.policy.timeWaitRst === 'ignore') {
    if (c.report.wanted) c.report.decision(`ignores an RST in TIME_WAIT (RFC 1337): ${t.label} waits out its 2MSL`, t.label);
    return false;
  }
  t.aborted = true;
  moveTimeWait(c, t, { type: 'TcpIndicateAbort' });
  return true;
}

/** TIME_WAIT ends: CLOSED, and the TCB is deleted. */
function moveTimeWait(c: HostContext, t: Tcb, event: { type: 'TimeWaitExpired' } | { type: 'TcpIndicateAbort' }): void {
  const from = t.tcp;
  t.tcp = nextTcpState(from, event) ?? TCPSTATE.TCPSTATE_CLOSED;
  c.report.stateChange(t.label, 'tcp', from, t.tcp, event.type);
  deleteClosedTcb(c, t, event.type === 'TimeWaitExpired' ? '2MSL passed' : 'an RST in TIME_WAIT');
}

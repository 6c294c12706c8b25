/** Moves a TCB's RFC 793 region along tcpStateMachine, and reports the change (or why it did not happen). */
import { tcpStateShortName } from '../../../ndis/TCPSTATE.js';
import { nextTcpState, type TcpStateEvent } from '../../../machines/tcpStateMachine.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from './Tcb.js';
import { startTimeWait } from './timeWait.js';
import { deleteClosedTcb } from './deleteClosedTcb.js';

/** Moves a TCB's RFC 793 region; reports the change. */
export function moveTcp(c: HostContext, t: Tcb, event: TcpStateEvent): boolean {
  const next = nextTcpState(t.tcp, event);
  if (next === undefined) {
    if (c.report.wanted) c.report.decision(`${event.type} cannot happen in ${tcpStateShortName(t.tcp)}; TCP state unchanged`, t.label);
    return false;
  }
  const from = t.tcp;
  t.tcp = next;
  c.report.stateChange(t.label, 'tcp', from, next, event.type);
  startTimeWait(c, t); // in TIME_WAIT in the host: the 2MSL timer
  deleteClosedTcb(c, t); // CLOSED in the host: the TCB is deleted
  return true;
}

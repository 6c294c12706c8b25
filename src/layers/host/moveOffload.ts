/** Moves one of the host's objects along offloadStateMachine, and reports the change (or why it did not happen). */
import { offloadStateShortName, TCP_CONNECTION_OFFLOAD_STATE } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { nextOffloadState, type OffloadStateEvent } from '../../machines/offloadStateMachine.js';
import type { HostContext } from './HostContext.js';
import { objectRef, type HostObject } from './HostObject.js';
import { removeFrom } from './listSet.js';

/** Moves an object's offload region along the offload-state graph; reports the change. */
export function moveOffload(c: HostContext, o: HostObject, event: OffloadStateEvent): boolean {
  const next = nextOffloadState(o.offload, event);
  if (next === undefined) {
    if (c.report.wanted) c.report.decision(`ignores ${event.type}: not legal while ${offloadStateShortName(o.offload)}`, o.label);
    return false;
  }
  const from = o.offload;
  o.offload = next;
  // An object back in the host is no longer invalidated (the context the layer below wrote is gone too).
  if (next === TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateInHost) removeFrom(c.s.invalidated, objectRef(o));
  c.report.stateChange(o.label, 'offload', from, next, event.type);
  return true;
}

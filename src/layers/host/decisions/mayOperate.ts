/**
 * Whether the host may update, invalidate or query an object now (reference §8 items 3, 5 and 6): only
 * an Offloaded object, one update at a time, and none, nor a second invalidate, once it invalidated it.
 */
import { TCP_CONNECTION_OFFLOAD_STATE as S, offloadStateShortName } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { HostContext } from '../HostContext.js';
import { objectRef, type HostObject } from '../HostObject.js';
import type { HostState } from '../HostState.js';

/** The operations on an offloaded object the host starts itself. */
export type OffloadedOperation = 'Update' | 'Invalidate' | 'Query';

/**
 * Why the host makes no update, invalidate or query of `o` now, or undefined when it may: only an
 * Offloaded object (none being offloaded or uploaded, reference §8 items 3 and 6), one update at a time
 * and none, nor a second invalidate, once the host has invalidated it (§8 item 5). The host says so and
 * makes no call: what it was told to do is a wish, the rules are not.
 */
function whyNot(s: HostState, o: HostObject, op: OffloadedOperation): string | undefined {
  if (o.offload !== S.TcpConnectionOffloadStateOffloaded) return `it is ${offloadStateShortName(o.offload)}`;
  if (op !== 'Query' && s.invalidated.includes(objectRef(o))) return 'the host invalidated it (the target will ask to upload it)';
  if (op === 'Update' && o.kind === 'Tcp' && s.updating.includes(o.label)) return 'an update of it is still in flight (one at a time)';
  if (op === 'Update' && o.kind !== 'Tcp' && (s.updating.includes(objectRef(o)) || (o.kind === 'Path' && (o.updating || o.relinkTo !== null)))) {
    return 'an update of it is still in flight (one at a time)';
  }
  return undefined;
}

/** Checks `whyNot`; when the host may not, it reports why and returns false. */
export function mayOperate(c: HostContext, o: HostObject, op: OffloadedOperation): boolean {
  const why = whyNot(c.s, o, op);
  if (why !== undefined) c.report.decision(`does not ${op.toLowerCase()} ${o.label}: ${why}`, o.label);
  return why === undefined;
}

/**
 * The host's side once an initiate completes, per connection: on success the target owns the data that
 * went down and the host posts what came since; on failure the host keeps everything and sends itself.
 */
import { postsToTarget } from '../decisions/postsToTarget.js';
import type { HostContext } from '../HostContext.js';
import { closeOwed } from '../socket/disconnect.js';
import { postHeldSends } from '../socket/send.js';
import { processHeldSegments } from '../tcp/receiveSegment.js';
import type { Tcb } from '../tcp/Tcb.js';
import { transmitInHost } from '../tcp/transmitInHost.js';
import { receiveAfterInitiate } from './receiveHandover.js';

/** The initiate completed: on success the target owns what went down, and the host posts what came since. */
export function afterInitiate(c: HostContext, t: Tcb, offloaded: boolean): void {
  const s = t.stream;
  if (!s) return;
  const down = s.sendChainDown;
  s.sendChainDown = null;
  receiveAfterInitiate(c, t, offloaded);
  if (!offloaded) {
    // On failure the host keeps ownership of every NBL (the target must not touch them), and sends itself.
    transmitInHost(c, t);
    processHeldSegments(c, t);
    closeOwed(c, t);
    return;
  }
  s.sendOutstanding = 0;
  if (down) {
    // The send chain handed down is the target's now: outstanding there until completed.
    for (const n of s.sendQueue) if (down.includes(n.id)) s.sendOutstanding += n.DataLength;
    s.sendQueue = s.sendQueue.filter((n) => !down.includes(n.id));
  }
  if (!postsToTarget(t)) return;
  // The peer's segments held while Offloading go first: their ACK and window are newer than the delegated
  // state's, so the target learns them before it has new data to send.
  processHeldSegments(c, t);
  postHeldSends(c, t); // what came since, within the optimum send backlog
  closeOwed(c, t);
}

/** Connections the host decided to offload while their path or neighbor was moving go once those settle. */
import type { HostContext } from '../HostContext.js';
import { removeFrom } from '../listSet.js';
import { tcbByLabel } from '../lookup.js';
import { initiateOffload, linkable } from './initiateOffload.js';

/** After a completion: offloads the connections that were waiting for their path and neighbor to settle. */
export function offloadWaiting(c: HostContext): void {
  const s = c.s;
  if (s.offloadsWaiting.length === 0 || s.paused) return;
  const ready = s.offloadsWaiting.map((label) => tcbByLabel(s, label)).filter((t) => linkable(s, t));
  for (const t of ready) removeFrom(s.offloadsWaiting, t.label);
  if (ready.length > 0) initiateOffload(c, ready);
}

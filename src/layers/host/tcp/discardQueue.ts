/** After a reset, the host's own send queue will never be delivered: its bytes are counted as discarded. */
import { nblEnd } from '../../../ndis/NET_BUFFER_LIST.js';
import type { Tcb } from './Tcb.js';

/** After a reset: what the host still holds will never be delivered. */
export function discardQueue(t: Tcb): void {
  const s = t.stream;
  if (!s) return;
  for (const n of s.sendQueue) s.discarded.push([n.DataOffset, nblEnd(n)]);
  s.sendQueue = [];
}

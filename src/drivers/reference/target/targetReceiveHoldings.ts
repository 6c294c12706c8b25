/** What received data the target holds for a connection: the query's backlog, and the ranges the nothing-lost ledger reads. */
import { nblFilled } from '../../../ndis/NET_BUFFER_LIST.js';
import { receivedDataEnd } from './receiveOf.js';
import type { TargetObject } from './TargetState.js';

/** Bytes of a connection's receive data the target holds: [start, end) ranges (buffered, in partly filled buffers, ahead of RcvNxt). */
export function targetReceiveHoldings(o: TargetObject): Array<[number, number]> {
  const r = o.receive;
  if (!r) return [];
  const out: Array<[number, number]> = [];
  for (const g of r.outOfOrder) if (g.len > 0) out.push([g.seq, g.seq + g.len]);
  for (const n of r.posted) {
    const filled = nblFilled(n);
    if (filled) out.push(filled);
  }
  const from = r.delivered + r.indicatingBytes;
  const rcvNxt = receivedDataEnd(o);
  if (from < rcvNxt) out.push([from, rcvNxt]);
  return out;
}

/** Query: bytes of received data buffered at the target (taken in order, not yet given to the host). */
export function receiveBacklogSize(o: TargetObject): number {
  const r = o.receive;
  return r ? receivedDataEnd(o) - r.delivered : 0;
}

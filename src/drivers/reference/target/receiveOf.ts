/** A connection's receive state at the target (TargetReceive), made on first use. */
import type { NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import { delegatedOf, type TargetObject, type TargetReceive } from './TargetState.js';

/** The connection's receive state, made on first use (its buffer starts at RcvNxt). */
export function receiveOf(o: TargetObject): TargetReceive {
  return (o.receive ??= {
    delivered: delegatedOf(o).RcvNxt, posted: [], indicating: null, indicatingBytes: 0, indicationsBlocked: false,
    pushUpTo: 0, pushTimer: false, finAt: -1, disconnectIndicated: false, outOfOrder: [], urgentAt: -1, owedEvents: null,
  });
}

/** Initiate (reference §6.1): the host's buffered receive data is copied and will be delivered first. */
export function takeBufferedData(o: TargetObject, BufferedData: NET_BUFFER_LIST | null | undefined): void {
  const first = BufferedData ?? null;
  if (!first) return;
  receiveOf(o).delivered = first.DataOffset;
}

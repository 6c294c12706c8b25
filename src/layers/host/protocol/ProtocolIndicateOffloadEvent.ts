/**
 * ProtocolIndicateOffloadEvent — NDIS calls it when the target asks the host a NeighborReachabilityQuery
 * about an offloaded neighbor (reference §6.11); the host answers in the block list's CACHED structure.
 * A stale answer (HRD 0) has a follow-up: the reference's host probes the neighbor (unicast ARP/NS) and,
 * with no answer, invalidates its neighbor cache entry and the target's neighbor object. This model has
 * no ARP: a host whose entries are stale (policy neighborReachable false) has its probes go unanswered,
 * and invalidates the neighbor at once (a choice: no probe timer is modelled); the target then asks to
 * upload every connection behind it (TcpIndicateRetrieve, InvalidState).
 */
import { isNeighborBlock } from '../../../ndis/blockList.js';
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import { invalidateObject } from '../decisions/invalidateOffload.js';
import type { HostContext } from '../HostContext.js';
import { recordOfHandle } from '../hostHandles.js';

/** ProtocolIndicateOffloadEvent(NeighborReachabilityQuery): answer HRD in the CACHED structure (reference §6.11). */
export function ProtocolIndicateOffloadEvent(c: HostContext, event: ProtocolHandlerArgs['ProtocolIndicateOffloadEvent']): void {
  const node = event.OffloadBlockList;
  const cached = isNeighborBlock(node) ? node.State?.Cached : undefined;
  const hrd = c.s.policy.neighborReachable ? 1 : 0;
  if (cached) cached.HostReachabilityDelta = hrd;
  if (c.report.wanted) {
    c.report.decision(
      hrd ? 'answers HostReachabilityDelta 1: its neighbor cache entry is REACHABLE' : 'answers HostReachabilityDelta 0: its neighbor cache entry is stale',
      event.OffloadBlockList.OffloadHandle?.label,
    );
  }
  const neighbor = node.OffloadHandle ? recordOfHandle(c.s, node.OffloadHandle) : undefined;
  if (!hrd && neighbor?.kind === 'Neighbor') {
    if (c.report.wanted) c.report.decision(`its probes of ${neighbor.label} go unanswered: invalidates it`, neighbor.label);
    invalidateObject(c, neighbor);
  }
}

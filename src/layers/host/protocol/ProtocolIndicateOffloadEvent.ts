/**
 * ProtocolIndicateOffloadEvent — NDIS calls it when the target asks the host a NeighborReachabilityQuery
 * about an offloaded neighbor (reference §6.11); the host answers in the block list's CACHED structure.
 */
import { isNeighborBlock } from '../../../ndis/blockList.js';
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import type { HostContext } from '../HostContext.js';

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
}

/**
 * The terminate trees the host hands down (reference §4.2, §6.2): they name the objects to upload, a
 * neighbor or path only together with all of its offloaded dependents, one tree per root layer.
 */
import { createProtocolBlockList, linkSiblings, withDependents, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../../ndis/blockList.js';
import { OFFLOAD_STATE_TYPE } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import { pathStateType, type HostNeighbor, type HostPath } from '../HostObject.js';
import type { HostState } from '../HostState.js';
import { neighborByKey, pathByKey } from '../lookup.js';
import type { Tcb } from '../tcp/Tcb.js';
import { delegatedTcpState } from './delegatedTcpState.js';
import { groupBy } from './groupBy.js';

/** What one terminate covers: TCBs, and the paths and neighbors (keys) released with them. */
export interface TerminatePlan {
  tcbs: Tcb[];
  paths: Set<string>;
  neighbors: Set<string>;
}

function tcpTerminateNode(t: Tcb): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  return createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, t.handle, { Delegated: delegatedTcpState(t.tcp) });
}

const bare = (type: OFFLOAD_STATE_TYPE, h: HostPath | HostNeighbor) => createProtocolBlockList(type, h.handle, null);

/**
 * The terminate trees for a plan, one per root layer (siblings share a layer): neighbors released with
 * everything under them, paths released under a neighbor that stays, and connections whose path stays.
 */
export function buildTerminateTrees(s: HostState, plan: TerminatePlan): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[] {
  const neighborRoots: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[] = [];
  const pathRoots: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[] = [];
  const tcpRoots: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[] = [];
  const byPath = groupBy(plan.tcbs, (t) => t.path);
  const pathTree = (p: HostPath) => withDependents(bare(pathStateType(p), p), (byPath.get(p.key) ?? []).map(tcpTerminateNode));
  const pathsByNeighbor = groupBy([...plan.paths].map((key) => pathByKey(s, key)), (p) => p.neighbor);
  for (const key of plan.neighbors) {
    const n = neighborByKey(s, key);
    neighborRoots.push(withDependents(bare(OFFLOAD_STATE_TYPE.NeighborOffloadState, n), (pathsByNeighbor.get(key) ?? []).map(pathTree)));
  }
  for (const key of plan.paths) {
    const p = pathByKey(s, key);
    if (!plan.neighbors.has(p.neighbor)) pathRoots.push(pathTree(p));
  }
  for (const t of plan.tcbs) if (!plan.paths.has(t.path)) tcpRoots.push(tcpTerminateNode(t));
  const trees: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[] = [];
  for (const siblings of [neighborRoots, pathRoots, tcpRoots]) {
    const root = linkSiblings(siblings);
    if (root) trees.push(root);
  }
  return trees;
}

/** The host's uploads: which objects a terminate covers, and the NdisTerminateOffload calls. */
import { createProtocolBlockList } from '../../ndis/blockList.js';
import { OFFLOAD_STATE_TYPE } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { moveOffload, type HostContext } from './HostContext.js';
import { buildTerminateTrees, type TerminatePlan } from './offloadTrees.js';
import type { HostNeighbor, HostPath, Tcb } from './Tcb.js';

/**
 * Terminates the offload of these TCBs (those Offloaded), releasing paths and neighbors left with
 * no dependents when the policy says so. `everything` also releases every offloaded path and neighbor.
 */
export function terminateOffload(c: HostContext, tcbs: readonly Tcb[], everything = false): void {
  const plan: TerminatePlan = { tcbs: [], paths: new Set(), neighbors: new Set() };
  const leaving = new Map<HostPath, number>();
  for (const t of tcbs) {
    if (t.offload !== S.TcpConnectionOffloadStateOffloaded) continue;
    if (t.opsInFlight > 0) {
      // Terminate only after its update, query and invalidate requests completed (MiniportTerminateOffload).
      if (t.uploadOwed === 0) t.uploadOwed = -1;
      if (c.report.wanted) c.report.decision(`waits for ${t.opsInFlight} operation(s) on ${t.label} to complete before terminating it`, t.label);
      continue;
    }
    plan.tcbs.push(t);
    leaving.set(t.path, (leaving.get(t.path) ?? 0) + 1);
  }
  const release = everything || c.policy.releaseUnusedPathsAndNeighbors;
  if (release) {
    const pathsLeaving = new Map<HostNeighbor, number>();
    const candidates = everything ? [...c.paths.values()] : [...leaving.keys()];
    for (const p of candidates) {
      if (p.offload !== S.TcpConnectionOffloadStateOffloaded || p.users !== (leaving.get(p) ?? 0)) continue;
      plan.paths.add(p);
      pathsLeaving.set(p.neighbor, (pathsLeaving.get(p.neighbor) ?? 0) + 1);
    }
    const neighbors = everything ? [...c.neighbors.values()] : [...pathsLeaving.keys()];
    for (const n of neighbors) {
      if (n.offload === S.TcpConnectionOffloadStateOffloaded && n.users === (pathsLeaving.get(n) ?? 0)) plan.neighbors.add(n);
    }
  }
  if (plan.tcbs.length + plan.paths.size + plan.neighbors.size === 0) return;
  const trees = buildTerminateTrees(plan);
  for (const o of [...plan.neighbors, ...plan.paths, ...plan.tcbs]) moveOffload(c, o, { type: 'NdisTerminateOffload' });
  for (const root of trees) c.ndis.NdisTerminateOffload(c.bindingHandle, root);
}

/** Terminates a neighbor that no path depends on any more (a stand-alone block list). */
export function terminateNeighbor(c: HostContext, n: HostNeighbor): void {
  moveOffload(c, n, { type: 'NdisTerminateOffload' });
  c.ndis.NdisTerminateOffload(c.bindingHandle, createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, n.handle, null));
}

/**
 * When the host uploads (reference §6.2): which objects a terminate covers (TCBs with no operation in
 * flight, and the paths and neighbors left with no dependents when the policy or UPLOAD_ALL says so),
 * and the NdisTerminateOffload calls.
 */
import { createProtocolBlockList } from '../../../ndis/blockList.js';
import { OFFLOAD_STATE_TYPE } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { buildTerminateTrees, type TerminatePlan } from '../handover/buildTerminateTrees.js';
import type { HostContext } from '../HostContext.js';
import type { HostNeighbor, HostPath } from '../HostObject.js';
import { neighborByKey, pathByKey } from '../lookup.js';
import { moveOffload } from '../moveOffload.js';
import type { Tcb } from '../tcp/Tcb.js';

/** What else a terminate may release besides the TCBs' own paths and neighbors. */
export interface ReleaseOptions {
  /** Release every offloaded path and neighbor that nothing depends on any more (NDIS_STATUS_UPLOAD_ALL). */
  everything?: boolean;
  /** Paths and neighbors that may have become idle (their last dependent just left). */
  idle?: Iterable<HostPath | HostNeighbor>;
}

/**
 * Terminates the offload of these TCBs (those Offloaded and with no operation in flight), releasing
 * paths and neighbors left with no dependents when the policy (or UPLOAD_ALL) says so.
 */
export function terminateOffload(c: HostContext, tcbs: readonly Tcb[], options: ReleaseOptions = {}): void {
  const s = c.s;
  const plan: TerminatePlan = { tcbs: [], paths: new Set(), neighbors: new Set() };
  const leaving = new Map<string, number>();
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
  const releasing = options.everything || s.releaseAll || s.policy.releaseUnusedPathsAndNeighbors;
  const idle = [...(options.idle ?? [])];
  const pathsLeaving = new Map<string, number>();
  const paths = options.everything
    ? Object.values(s.paths)
    : [...[...leaving.keys()].map((key) => pathByKey(s, key)), ...idle.filter((o): o is HostPath => o.kind === 'Path')];
  for (const p of paths) {
    // A path waiting to take a new next hop goes whatever the policy: it cannot stay offloaded on the old one.
    if (!releasing && !p.nextHopLater) continue;
    if (plan.paths.has(p.key) || p.offload !== S.TcpConnectionOffloadStateOffloaded || p.relinkTo || p.users !== (leaving.get(p.key) ?? 0)) continue;
    plan.paths.add(p.key);
    pathsLeaving.set(p.neighbor, (pathsLeaving.get(p.neighbor) ?? 0) + 1);
  }
  if (releasing) {
    const neighbors = options.everything
      ? Object.values(s.neighbors)
      : [...[...pathsLeaving.keys()].map((key) => neighborByKey(s, key)), ...idle.filter((o): o is HostNeighbor => o.kind === 'Neighbor')];
    for (const n of neighbors) {
      if (n.offload === S.TcpConnectionOffloadStateOffloaded && n.users === (pathsLeaving.get(n.key) ?? 0)) plan.neighbors.add(n.key);
    }
  }
  if (plan.tcbs.length + plan.paths.size + plan.neighbors.size === 0) return;
  const trees = buildTerminateTrees(s, plan);
  const moving = [...[...plan.neighbors].map((key) => neighborByKey(s, key)), ...[...plan.paths].map((key) => pathByKey(s, key)), ...plan.tcbs];
  for (const o of moving) moveOffload(c, o, { type: 'NdisTerminateOffload' });
  for (const root of trees) c.ndis.NdisTerminateOffload(s.NdisBindingHandle, root);
}

/** Starts the uploads the host owed (asked for while an offload or another operation was in flight). */
export function uploadOwed(c: HostContext, owed: readonly Tcb[]): void {
  if (owed.length === 0) return;
  if (c.report.wanted) c.report.decision(`now uploads ${owed.map((t) => t.label).join(', ')}, as it owed`);
  terminateOffload(c, owed);
}

/** Releases paths and neighbors whose last dependent just left (when the policy or UPLOAD_ALL says so). */
export function releaseIdle(c: HostContext, idle: Set<HostPath | HostNeighbor>): void {
  if (idle.size > 0) terminateOffload(c, [], { idle });
}

/** Terminates a neighbor that no path depends on any more (a stand-alone block list). */
export function terminateNeighbor(c: HostContext, n: HostNeighbor): void {
  moveOffload(c, n, { type: 'NdisTerminateOffload' });
  c.ndis.NdisTerminateOffload(c.s.NdisBindingHandle, createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, n.handle, null));
}

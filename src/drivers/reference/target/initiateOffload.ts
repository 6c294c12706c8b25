/**
 * The target's walk of an initiate tree (reference §4.2 "Traversing a State Tree", "Partial Offloads
 * and Offload Failures"): depth-first, then breadth; placeholders always SUCCESS; a linker SUCCESS,
 * PARTIAL_SUCCESS or FAILURE by its dependents; a new offload allocates a context area, writes
 * `*MiniportOffloadContext`, and reports PARTIAL_SUCCESS when an immediate dependent failed. A failed
 * node's dependents are not attempted (FAILURE); when the root fails nothing else is attempted.
 */
import { tcpStateOf, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../ndis/blockList.js';
import type { OffloadContext } from '../../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { NDIS_STATUS, offloadSucceeded } from '../../../ndis/NDIS_STATUS.js';
import { offloadLayerOf, type OffloadLayer } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import type { FourTuple } from '../../../wire/FourTuple.js';
import type { TargetObject } from './TargetState.js';

/** What the walk needs from the target: allocation (with its capacity) and object bookkeeping. */
export interface TargetAllocator {
  /** The status the target gives a new object before allocating (capacity, planned failures); SUCCESS to go on. */
  admit(layer: OffloadLayer, connection: FourTuple | null): NDIS_STATUS;
  /** Creates the context area for a new object. */
  create(node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, layer: OffloadLayer, parent: TargetObject | null, connection: FourTuple | null): TargetObject;
  /** The context area an existing object's context names (a linker's). */
  existing(context: OffloadContext): TargetObject | null;
  /** The PVOID the target writes into `*MiniportOffloadContext` for an object it offloaded. */
  contextOf(o: TargetObject): OffloadContext;
}

const PARENT_LAYER: Record<OffloadLayer, OffloadLayer | null> = { Neighbor: null, Path: 'Neighbor', Tcp: 'Path' };

/** Walks the tree, offloading what it can and writing every Status. */
export function initiateOffload(root: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, target: TargetAllocator): void {
  for (let node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null = root; node; node = node.NextBlock) {
    offloadNode(node, null, target);
    if (node === root && !offloadSucceeded(root.Status)) {
      for (let rest = root.NextBlock; rest; rest = rest.NextBlock) failSubtree(rest);
      return;
    }
  }
}

function offloadNode(node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, parent: TargetObject | null, target: TargetAllocator): void {
  // The node's role (blockRoleOf): no slot, a placeholder; a slot holding a context, a linker; an empty slot, a new offload.
  const slot = node.MiniportOffloadContext;
  if (!slot) {
    offloadDependents(node, null, target);
    node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    return;
  }
  if (slot.value) {
    // A linker: an object the target already has, with new dependents.
    const existing = target.existing(slot.value);
    const { ok, failed } = offloadDependents(node, existing, target);
    node.Status =
      failed === 0 ? NDIS_STATUS.NDIS_STATUS_SUCCESS : ok === 0 ? NDIS_STATUS.NDIS_STATUS_FAILURE : NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS;
    return;
  }
  const layer = offloadLayerOf(node.Header.Type);
  if (!layer || !node.State || (PARENT_LAYER[layer] !== (parent?.layer ?? null) && layer !== 'Neighbor')) {
    node.Status = NDIS_STATUS.NDIS_STATUS_FAILURE;
    failSubtree(node.DependentBlockList);
    return;
  }
  const connection = layer === 'Tcp' ? fourTupleOf(node, parent) : null;
  const admitted = target.admit(layer, connection);
  if (admitted !== NDIS_STATUS.NDIS_STATUS_SUCCESS) {
    node.Status = admitted;
    failSubtree(node.DependentBlockList);
    return;
  }
  const created = target.create(node, layer, parent, connection);
  slot.value = target.contextOf(created);
  const { failed } = offloadDependents(node, created, target);
  node.Status = failed === 0 ? NDIS_STATUS.NDIS_STATUS_SUCCESS : NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS;
}

function offloadDependents(
  node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
  parent: TargetObject | null,
  target: TargetAllocator,
): { ok: number; failed: number } {
  let ok = 0;
  let failed = 0;
  for (let d = node.DependentBlockList; d; d = d.NextBlock) {
    offloadNode(d, parent, target);
    if (offloadSucceeded(d.Status)) ok++;
    else failed++;
  }
  return { ok, failed };
}

/** Dependents of a failed node are not attempted: each gets FAILURE. */
export function failSubtree(first: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null): void {
  for (let n = first; n; n = n.NextBlock) {
    n.Status = NDIS_STATUS.NDIS_STATUS_FAILURE;
    failSubtree(n.DependentBlockList);
  }
}

function fourTupleOf(node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, path: TargetObject | null): FourTuple | null {
  const tcp = tcpStateOf(node)?.Const;
  const p = path?.state?.Const;
  return tcp && p && 'SourceAddress' in p
    ? { localAddress: p.SourceAddress, localPort: tcp.LocalPort, remoteAddress: p.DestinationAddress, remotePort: tcp.RemotePort }
    : null;
}

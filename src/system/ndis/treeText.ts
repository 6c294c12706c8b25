/** Block lists as the trace shows them: what a tree looked like when it crossed a binding, and what it is about. */
import { blockRoleOf, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import { handleKey } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { nblText, netBufferListsOf } from '../../ndis/NET_BUFFER_LIST.js';
import type { TcpOffloadStructures } from '../../ndis/stateStructures.js';
import type { BlockSnapshot } from '../../trace/TraceEvent.js';

export function snapshotTree(root: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null, withRoles: boolean): BlockSnapshot[] {
  const out: BlockSnapshot[] = [];
  const walk = (first: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null, depth: number): void => {
    for (let n = first; n; n = n.NextBlock) {
      const s: BlockSnapshot = { depth, Type: n.Header.Type, object: n.NdisOffloadHandle?.label ?? 'placeholder', Status: n.Status };
      if (withRoles) s.role = blockRoleOf(n);
      if (n.NdisOffloadHandle) s.handle = handleKey(n.NdisOffloadHandle);
      if (n.NetBufferListChain) s.NetBufferListChain = netBufferListsOf(n.NetBufferListChain).map(nblText).join(', ');
      const buffered = (n.State as TcpOffloadStructures | null)?.Delegated?.BufferedData;
      if (buffered) s.BufferedData = netBufferListsOf(buffered).map(nblText).join(', ');
      out.push(s);
      walk(n.DependentBlockList, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

/** The labels of the objects a tree is about, in traversal order. */
export function objectsOfTree(root: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null): string[] {
  const out: string[] = [];
  const walk = (first: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null): void => {
    for (let n = first; n; n = n.NextBlock) {
      if (n.NdisOffloadHandle) out.push(n.NdisOffloadHandle.label);
      walk(n.DependentBlockList);
    }
  };
  walk(root);
  return out;
}

/** The handles a tree names, by handleKey (the scheduler's ordering key for terminate completions). */
export function handlesOfTree(root: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null): string[] {
  const out = new Set<string>();
  const walk = (first: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null): void => {
    for (let n = first; n; n = n.NextBlock) {
      if (n.NdisOffloadHandle) out.add(handleKey(n.NdisOffloadHandle));
      walk(n.DependentBlockList);
    }
  };
  walk(root);
  return [...out];
}

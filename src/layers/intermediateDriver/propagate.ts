/**
 * Propagating a state-manipulation operation through an intermediate driver (reference §7.3):
 * the incoming miniport tree is overlaid onto a protocol tree that carries the IM's own handles, and
 * on completion the statuses are carried back onto the original miniport tree.
 */
import { offloadSucceeded } from '../../rules/RuleMonitor.js';
import {
  createProtocolBlockList,
  type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
  type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
} from '../../ndis/blockList.js';
import type { HandleAllocator } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { ImOffloadEntry } from './ImOffloadEntry.js';

/** Builds the protocol tree to pass down. New offloads get a new IM offload entry and handle. */
export function toLowerProtocolTree(
  m: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null,
  owner: string,
  handles: HandleAllocator,
): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null {
  let first: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null = null;
  let prev: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null = null;
  for (let node = m; node; node = node.NextBlock) {
    let handle = null;
    if (node.MiniportOffloadContext) {
      const existing = node.MiniportOffloadContext.deref() as ImOffloadEntry | null;
      if (existing && existing.owner === owner) handle = existing.ownHandle;
      else if (!existing && node.NdisOffloadHandle) {
        const entry: ImOffloadEntry = { owner, serial: handles.nextSerial(), upperHandle: node.NdisOffloadHandle, ownHandle: null! };
        entry.ownHandle = handles.allocate(node.NdisOffloadHandle.label, entry);
        handle = entry.ownHandle;
      }
    }
    const p = createProtocolBlockList(node.Header.Type, handle, node.State);
    p.NetBufferListChain = node.NetBufferListChain;
    p.DependentBlockList = toLowerProtocolTree(node.DependentBlockList, owner, handles);
    if (prev) prev.NextBlock = p;
    else first = p;
    prev = p;
  }
  return first;
}

/**
 * Carries the completion back: Status and NetBufferListChain of every node; for an initiate, writes a
 * PVOID to the IM offload entry into the upper `*MiniportOffloadContext` of each new object that was
 * offloaded (and only those).
 */
export function completeUpperTree(
  p: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null,
  m: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null,
  initiate: boolean,
): void {
  for (; p && m; p = p.NextBlock, m = m.NextBlock) {
    m.Status = p.Status;
    m.NetBufferListChain = p.NetBufferListChain;
    if (initiate && p.OffloadHandle && m.MiniportOffloadContext && m.MiniportOffloadContext.deref() === null) {
      if (offloadSucceeded(p.Status)) m.MiniportOffloadContext.assign(p.OffloadHandle.containingRecord as ImOffloadEntry);
    }
    completeUpperTree(p.DependentBlockList, m.DependentBlockList, initiate);
  }
}

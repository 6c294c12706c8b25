/**
 * NDIS's block-list conversion (reference §4.1): protocol form -> miniport form on the way down, and
 * the completion's statuses copied back on the way up. NDIS keeps the protocol node a miniport node
 * was made from in the miniport node's `NdisReserved[0]`.
 */
import {
  createMiniportBlockList,
  type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
  type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
} from '../ndis/blockList.js';

/** The miniport form of a protocol tree: `MiniportOffloadContext` points at the caller's handle slot. */
export function toMiniportForm(p: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null {
  let first: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null = null;
  let prev: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null = null;
  for (let node = p; node; node = node.NextBlock) {
    const m = createMiniportBlockList(node.Header.Type, node.OffloadHandle, node.OffloadHandle, node.State);
    m.NdisReserved[0] = node;
    m.ImReserved = [node.ImReserved[0], node.ImReserved[1]];
    m.SourceHandle = node.SourceHandle;
    m.NetBufferListChain = node.NetBufferListChain;
    m.DependentBlockList = toMiniportForm(node.DependentBlockList);
    if (prev) prev.NextBlock = m;
    else first = m;
    prev = m;
  }
  return first;
}

/** Copies what the callee wrote (Status, NetBufferListChain) back into the protocol tree it was made from. */
export function copyCompletionToProtocolForm(m: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null): void {
  for (let node = m; node; node = node.NextBlock) {
    const p = node.NdisReserved[0] as NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null;
    if (p) {
      p.Status = node.Status;
      p.NetBufferListChain = node.NetBufferListChain;
    }
    copyCompletionToProtocolForm(node.DependentBlockList);
  }
}

/** The protocol form of a miniport tree made by a miniport edge (NdisMOffloadEventIndicate). */
export function toProtocolForm(m: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null {
  let first: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null = null;
  let prev: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null = null;
  for (let node = m; node; node = node.NextBlock) {
    const p: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST = {
      Header: { Type: node.Header.Type },
      NextBlock: null,
      DependentBlockList: toProtocolForm(node.DependentBlockList),
      Status: node.Status,
      NdisReserved: [node, null, null],
      OffloadHandle: node.NdisOffloadHandle,
      ImReserved: [node.ImReserved[0], node.ImReserved[1]],
      SourceHandle: node.SourceHandle,
      NetBufferListChain: node.NetBufferListChain,
      State: node.State,
    };
    if (prev) prev.NextBlock = p;
    else first = p;
    prev = p;
  }
  return first;
}

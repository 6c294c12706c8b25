/**
 * NDIS's block-list conversion (reference §4.1): protocol form -> miniport form on the way down, and
 * miniport form -> protocol form on the way up. The block lists are new; the state structures and NBL
 * chains that follow them move with the tree, as the memory after a block list does in C: a caller gives
 * a tree up until its completion, and a callee gives it back with the completion (reference §5.1: "the
 * tree and all attached state are valid only until that completion call").
 *
 * Going down, NDIS notes in each miniport node's `NdisReserved` the tree and the node's place in it,
 * and keeps what the caller's nodes carried that the callee must not see changed (the caller's handle,
 * ImReserved, SourceHandle): the completion is converted back from the miniport tree the callee
 * completes, with those restored.
 */
import { cloneData } from '../../data/cloneData.js';
import {
  createMiniportBlockList,
  createProtocolBlockList,
  type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
  type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
} from '../../ndis/blockList.js';
import type { NDIS_OFFLOAD_HANDLE, OffloadContext } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { Reserved } from '../../ndis/NET_BUFFER_LIST.js';

/**
 * What one context slot holds: the context the layer below wrote, as its id alone when that layer is the
 * one right below the handle's owner (as it is unless a layer passes on another layer's handle), else
 * as owner and id.
 */
export type ContextSlot = number | OffloadContext;

/** The offload handles' context slots NDIS keeps: by the handle's owner, then its id. */
export type ContextSlots = Record<string, Record<number, ContextSlot>>;

/** The names of the layers by the name of the layer above each (`host` -> `IM1`): whose id a slot's number is. */
export type LayersBelow = Readonly<Record<string, string>>;

/** The context a slot of a handle owned by `owner` holds, as a new value (null: none). */
export function contextOfSlot(slot: ContextSlot | undefined, owner: string, below: LayersBelow): OffloadContext | null {
  if (slot === undefined) return null;
  if (typeof slot !== 'number') return { owner: slot.owner, id: slot.id };
  const layer = below[owner];
  if (layer === undefined) throw new Error(`context slot of ${owner}#?: no layer below ${owner}`);
  return { owner: layer, id: slot };
}

/** What a slot of a handle owned by `owner` keeps of the context `written`. */
export function slotOfContext(written: OffloadContext, owner: string, below: LayersBelow): ContextSlot {
  return below[owner] === written.owner ? written.id : { owner: written.owner, id: written.id };
}

const NONE_BELOW: LayersBelow = Object.freeze({});

/** What NDIS keeps of one node of a caller's tree while the callee holds the tree. */
export interface CallerNode {
  OffloadHandle: NDIS_OFFLOAD_HANDLE | null;
  ImReserved: [Reserved, Reserved];
  SourceHandle: Reserved;
}

/**
 * The miniport form of a protocol tree, for tree number `tree`: `MiniportOffloadContext` points at the
 * caller's handle slot (its value is what the slot holds now), `NdisOffloadHandle` is the caller's
 * handle. Each caller node is appended to `nodes`, its index written into NdisReserved[1].
 */
export function toMiniportForm(
  p: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null,
  tree: number,
  contexts: Readonly<ContextSlots>,
  nodes: CallerNode[],
  /** The layer below each layer (whose ids a slot's number names). */
  below: LayersBelow = NONE_BELOW,
): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null {
  let first: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null = null;
  let prev: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null = null;
  for (let node = p; node; node = node.NextBlock) {
    const h = node.OffloadHandle;
    const m = createMiniportBlockList(node.Header.Type, h ? { value: contextOfSlot(contexts[h.owner]?.[h.id], h.owner, below) } : null, h ? { ...h } : null, node.State);
    m.Status = node.Status;
    m.NdisReserved[0] = tree;
    m.NdisReserved[1] = nodes.length;
    // The caller gives its tree up: what it carried moves into NDIS's record; the callee gets copies.
    nodes.push({ OffloadHandle: h ? { ...h } : null, ImReserved: node.ImReserved, SourceHandle: node.SourceHandle });
    m.ImReserved = copyPair(node.ImReserved);
    m.SourceHandle = copyReserved(node.SourceHandle);
    m.NetBufferListChain = node.NetBufferListChain;
    m.DependentBlockList = toMiniportForm(node.DependentBlockList, tree, contexts, nodes, below);
    if (prev) prev.NextBlock = m;
    else first = m;
    prev = m;
  }
  return first;
}

/**
 * The protocol form of a completed miniport tree, for its caller: Status, NetBufferListChain and the
 * state structures the callee wrote, with the caller's own fields restored from `nodes` (a node whose
 * NdisReserved does not name one of them keeps what the callee left).
 */
export function completionToProtocolForm(
  m: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null,
  nodes: readonly CallerNode[],
  /** Caller nodes already given back (a callee that names one twice gets a copy the second time). */
  given: Set<number> = new Set(),
): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null {
  let first: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null = null;
  let prev: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null = null;
  for (let node = m; node; node = node.NextBlock) {
    const k = node.NdisReserved[1];
    const caller = typeof k === 'number' ? nodes[k] : undefined;
    const fresh = caller !== undefined && !given.has(k as number);
    if (fresh) given.add(k as number);
    const h = caller ? caller.OffloadHandle : node.NdisOffloadHandle;
    const p = createProtocolBlockList(node.Header.Type, h ? { ...h } : null, node.State);
    p.Status = node.Status;
    // NDIS's record of the caller's node is used once (the completion ends it): what it kept moves back.
    p.ImReserved = caller ? (fresh ? caller.ImReserved : copyPair(caller.ImReserved)) : copyPair(node.ImReserved);
    p.SourceHandle = caller ? (fresh ? caller.SourceHandle : copyReserved(caller.SourceHandle)) : copyReserved(node.SourceHandle);
    p.NetBufferListChain = node.NetBufferListChain;
    p.DependentBlockList = completionToProtocolForm(node.DependentBlockList, nodes, given);
    if (prev) prev.NextBlock = p;
    else first = p;
    prev = p;
  }
  return first;
}

/** A copy of a reserved field (a PVOID's worth of plain data). */
function copyReserved(r: Reserved): Reserved {
  return r === null || typeof r !== 'object' ? r : cloneData(r);
}

function copyPair(pair: [Reserved, Reserved]): [Reserved, Reserved] {
  return [copyReserved(pair[0]), copyReserved(pair[1])];
}

/** The protocol form of a miniport tree a miniport edge made itself (NdisMOffloadEventIndicate). */
export function toProtocolForm(m: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null {
  return completionToProtocolForm(m, []);
}

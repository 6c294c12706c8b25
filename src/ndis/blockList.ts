/**
 * `NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST` and `NDIS_MINIPORT_OFFLOAD_BLOCK_LIST` (reference §4.1), and the
 * depth-first walk every layer uses. A protocol block list is what a protocol or an intermediate
 * driver passes down and gets back in a completion; a miniport block list is what an intermediate
 * driver's or target's miniport edge receives and completes. NDIS converts between them.
 *
 * A tree is plain data: NDIS hands the callee its own copy, and the caller gets the completed tree
 * back in the completion (with the Status, NetBufferListChain and state structures the callee wrote).
 * `Status` starts as NDIS_STATUS_PENDING, the simulator's mark for "not written yet", so the rulebook
 * can see a node the callee never wrote.
 */
import { NDIS_STATUS } from './NDIS_STATUS.js';
import type { NDIS_OFFLOAD_HANDLE, PVOID_POINTER } from './NDIS_OFFLOAD_HANDLE.js';
import type { OFFLOAD_STATE_TYPE } from './OFFLOAD_STATE_TYPE.js';
import type { NET_BUFFER_LIST, Reserved } from './NET_BUFFER_LIST.js';
import type { OffloadStateStructures } from './stateStructures.js';

/** `NDIS_OBJECT_HEADER`, reduced to the field chimney reads: the type of the state that follows. */
export interface NDIS_OBJECT_HEADER {
  Type: OFFLOAD_STATE_TYPE;
}

/** Fields both forms share. */
interface BlockListCommon<Self> {
  Header: NDIS_OBJECT_HEADER;
  /** Sibling at the same layer. */
  NextBlock: Self | null;
  /** First child at the next-higher layer (neighbor -> path -> TCP). Always null on a TCP node. */
  DependentBlockList: Self | null;
  /** OUT: this node's completion status. */
  Status: number;
  /** NDIS's own fields: the router keeps where the node came from here (its tree and place in it). */
  NdisReserved: Reserved[];
  /** Reserved for the miniport that completes the call (the target may mark a tree it completed). */
  MiniportReserved: [Reserved, Reserved];
  /** Reserved for the intermediate driver that is propagating the call (its call entry's id). */
  ImReserved: [Reserved, Reserved];
  SourceHandle: Reserved;
  /** Outstanding send data of a TCP object (initiate: handed to the target; terminate: handed back). */
  NetBufferListChain: NET_BUFFER_LIST | null;
  /** The state structure(s) that follow the block list in memory. */
  State: OffloadStateStructures | null;
}

export interface NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST extends BlockListCommon<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST> {
  /** IN/OUT: the caller's handle for this object; null for a placeholder. */
  OffloadHandle: NDIS_OFFLOAD_HANDLE | null;
}

export interface NDIS_MINIPORT_OFFLOAD_BLOCK_LIST extends BlockListCommon<NDIS_MINIPORT_OFFLOAD_BLOCK_LIST> {
  /** IN/OUT `PVOID *`: where the callee writes its context. Null = placeholder. */
  MiniportOffloadContext: PVOID_POINTER | null;
  /** IN: the handle the callee must use for indications about this object. */
  NdisOffloadHandle: NDIS_OFFLOAD_HANDLE | null;
}

export type AnyOffloadBlockList = NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;

/** A new protocol block list with Status not yet written. */
export function createProtocolBlockList(
  Type: OFFLOAD_STATE_TYPE,
  OffloadHandle: NDIS_OFFLOAD_HANDLE | null,
  State: OffloadStateStructures | null,
): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  return {
    Header: { Type },
    NextBlock: null,
    DependentBlockList: null,
    Status: NDIS_STATUS.NDIS_STATUS_PENDING,
    NdisReserved: [null, null, null],
    OffloadHandle,
    MiniportReserved: [null, null],
    ImReserved: [null, null],
    SourceHandle: null,
    NetBufferListChain: null,
    State,
  };
}

/** A new miniport block list with Status not yet written. */
export function createMiniportBlockList(
  Type: OFFLOAD_STATE_TYPE,
  MiniportOffloadContext: PVOID_POINTER | null,
  NdisOffloadHandle: NDIS_OFFLOAD_HANDLE | null,
  State: OffloadStateStructures | null,
): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
  return {
    Header: { Type },
    NextBlock: null,
    DependentBlockList: null,
    Status: NDIS_STATUS.NDIS_STATUS_PENDING,
    NdisReserved: [null, null],
    MiniportOffloadContext,
    NdisOffloadHandle,
    MiniportReserved: [null, null],
    ImReserved: [null, null],
    SourceHandle: null,
    NetBufferListChain: null,
    State,
  };
}

/** Appends `children` as the DependentBlockList of `parent` (linked by NextBlock); returns parent. */
export function withDependents<T extends AnyOffloadBlockList>(parent: T, children: readonly T[]): T {
  (parent as { DependentBlockList: T | null }).DependentBlockList = linkSiblings(children);
  return parent;
}

/** Links nodes by NextBlock and returns the first, or null for none. */
export function linkSiblings<T extends AnyOffloadBlockList>(nodes: readonly T[]): T | null {
  for (let i = 0; i + 1 < nodes.length; i++) (nodes[i] as { NextBlock: T | null }).NextBlock = nodes[i + 1] ?? null;
  const last = nodes[nodes.length - 1];
  if (last) (last as { NextBlock: T | null }).NextBlock = null;
  return nodes[0] ?? null;
}

/**
 * Depth-first, then breadth: a node, then its DependentBlockList, then its NextBlock (reference §4.2,
 * "Traversing a State Tree"). Iterative over siblings, so a list of 100,000 siblings is fine.
 */
export function forEachBlock<T extends AnyOffloadBlockList>(
  root: T | null,
  visit: (node: T, parent: T | null, depth: number) => void,
  parent: T | null = null,
  depth = 0,
): void {
  for (let node: T | null = root; node; node = node.NextBlock as T | null) {
    visit(node, parent, depth);
    if (node.DependentBlockList) forEachBlock(node.DependentBlockList as T, visit, node, depth + 1);
  }
}

/** The nodes of a tree in traversal order. */
export function blocksOf<T extends AnyOffloadBlockList>(root: T | null): T[] {
  const out: T[] = [];
  forEachBlock(root, (n) => out.push(n));
  return out;
}

/** The role of a miniport block list in an initiate tree (reference §4.2 "Placeholders, Linkers, and New Offloads"). */
export type BlockRole = 'placeholder' | 'linker' | 'new';

export function blockRoleOf(node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): BlockRole {
  if (!node.MiniportOffloadContext) return 'placeholder';
  return node.MiniportOffloadContext.value ? 'linker' : 'new';
}

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
import { offloadLayerOf, type OFFLOAD_STATE_TYPE } from './OFFLOAD_STATE_TYPE.js';
import type { NET_BUFFER_LIST, Reserved } from './NET_BUFFER_LIST.js';
import type {
  NeighborOffloadStructures,
  OffloadStateStructures,
  PathOffloadStructures,
  TcpOffloadStructures,
} from './stateStructures.js';

/** `NDIS_OBJECT_HEADER`, reduced to the field chimney reads: the type of the state that follows. */
export interface NDIS_OBJECT_HEADER<T extends OFFLOAD_STATE_TYPE = OFFLOAD_STATE_TYPE> {
  Type: T;
}

/** The Header.Type values of a neighbor block list (NEIGHBOR_OFFLOAD_STATE_* follow it). */
export type NeighborOffloadStateType =
  | typeof OFFLOAD_STATE_TYPE.NeighborOffloadConstState
  | typeof OFFLOAD_STATE_TYPE.NeighborOffloadCachedState
  | typeof OFFLOAD_STATE_TYPE.NeighborOffloadDelegatedState
  | typeof OFFLOAD_STATE_TYPE.NeighborOffloadState;
/** The Header.Type values of a path block list, IPv4 and IPv6 (PATH_OFFLOAD_STATE_* follow it). */
export type PathOffloadStateType =
  | typeof OFFLOAD_STATE_TYPE.Ip4OffloadConstState
  | typeof OFFLOAD_STATE_TYPE.Ip4OffloadCachedState
  | typeof OFFLOAD_STATE_TYPE.Ip4OffloadDelegatedState
  | typeof OFFLOAD_STATE_TYPE.Ip4OffloadState
  | typeof OFFLOAD_STATE_TYPE.Ip6OffloadConstState
  | typeof OFFLOAD_STATE_TYPE.Ip6OffloadCachedState
  | typeof OFFLOAD_STATE_TYPE.Ip6OffloadDelegatedState
  | typeof OFFLOAD_STATE_TYPE.Ip6OffloadState;
/** The Header.Type values of a TCP block list (TCP_OFFLOAD_STATE_* follow it). */
export type TcpOffloadStateType =
  | typeof OFFLOAD_STATE_TYPE.TcpOffloadConstState
  | typeof OFFLOAD_STATE_TYPE.TcpOffloadCachedState
  | typeof OFFLOAD_STATE_TYPE.TcpOffloadDelegatedState
  | typeof OFFLOAD_STATE_TYPE.TcpOffloadResourceState
  | typeof OFFLOAD_STATE_TYPE.TcpOffloadState;
/** Header.Type values of no chimney layer (filter-reserved, the sentinel): no state structure is known to follow. */
export type OtherOffloadStateType = Exclude<OFFLOAD_STATE_TYPE, NeighborOffloadStateType | PathOffloadStateType | TcpOffloadStateType>;

/**
 * What follows a block list of each Header.Type: the pairs (Type, State) a block list can hold. The
 * block-list types below are unions over these, so a node's State is the structure its Type names.
 */
export interface OffloadStateOfType {
  Neighbor: { Type: NeighborOffloadStateType; State: NeighborOffloadStructures };
  Path: { Type: PathOffloadStateType; State: PathOffloadStructures };
  Tcp: { Type: TcpOffloadStateType; State: TcpOffloadStructures };
  Other: { Type: OtherOffloadStateType; State: never };
}
type StateKind = keyof OffloadStateOfType;

/** Fields both forms share; `K` picks the Header.Type family and the state structures that follow. */
interface BlockListCommon<Self, K extends StateKind> {
  Header: NDIS_OBJECT_HEADER<OffloadStateOfType[K]['Type']>;
  /** Sibling at the same layer. */
  NextBlock: Self | null;
  /** First child at the next-higher layer (neighbor -> path -> TCP). Always null on a TCP node. */
  DependentBlockList: Self | null;
  /** OUT: this node's completion status. */
  Status: NDIS_STATUS;
  /** NDIS's own fields: the router keeps where the node came from here (its tree and place in it). */
  NdisReserved: Reserved[];
  /** Reserved for the miniport that completes the call (the target may mark a tree it completed). */
  MiniportReserved: [Reserved, Reserved];
  /** Reserved for the intermediate driver that is propagating the call (its call entry's id). */
  ImReserved: [Reserved, Reserved];
  SourceHandle: Reserved;
  /** Outstanding send data of a TCP object (initiate: handed to the target; terminate: handed back). */
  NetBufferListChain: NET_BUFFER_LIST | null;
  /** The state structure(s) that follow the block list in memory, of the kind Header.Type names. */
  State: OffloadStateOfType[K]['State'] | null;
}

/** A protocol block list whose Header.Type is of family `K`. */
export interface ProtocolOffloadBlockListOf<K extends StateKind> extends BlockListCommon<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, K> {
  /** IN/OUT: the caller's handle for this object; null for a placeholder. */
  OffloadHandle: NDIS_OFFLOAD_HANDLE | null;
}

/** A miniport block list whose Header.Type is of family `K`. */
export interface MiniportOffloadBlockListOf<K extends StateKind> extends BlockListCommon<NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, K> {
  /** IN/OUT `PVOID *`: where the callee writes its context. Null = placeholder. */
  MiniportOffloadContext: PVOID_POINTER | null;
  /** IN: the handle the callee must use for indications about this object. */
  NdisOffloadHandle: NDIS_OFFLOAD_HANDLE | null;
}

/**
 * `NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST`: a union on Header.Type. Narrow it with isNeighborBlock,
 * isPathBlock or isTcpBlock (TypeScript does not narrow an object on a nested field such as Header.Type).
 */
export type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST =
  | ProtocolOffloadBlockListOf<'Neighbor'>
  | ProtocolOffloadBlockListOf<'Path'>
  | ProtocolOffloadBlockListOf<'Tcp'>
  | ProtocolOffloadBlockListOf<'Other'>;

/** `NDIS_MINIPORT_OFFLOAD_BLOCK_LIST`: a union on Header.Type, narrowed like the protocol form. */
export type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST =
  | MiniportOffloadBlockListOf<'Neighbor'>
  | MiniportOffloadBlockListOf<'Path'>
  | MiniportOffloadBlockListOf<'Tcp'>
  | MiniportOffloadBlockListOf<'Other'>;

export type AnyOffloadBlockList = NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;

/** The member of a block-list union whose Header.Type is of family `K`. */
export type BlockOfKind<T extends AnyOffloadBlockList, K extends StateKind> = Extract<T, { Header: NDIS_OBJECT_HEADER<OffloadStateOfType[K]['Type']> }>;

/** A neighbor block list (Header.Type 1-4): its State is NEIGHBOR_OFFLOAD_STATE_*. */
export function isNeighborBlock<T extends AnyOffloadBlockList>(node: T): node is BlockOfKind<T, 'Neighbor'> {
  return offloadLayerOf(node.Header.Type) === 'Neighbor';
}
/** A path block list (Header.Type 5-12): its State is PATH_OFFLOAD_STATE_*. */
export function isPathBlock<T extends AnyOffloadBlockList>(node: T): node is BlockOfKind<T, 'Path'> {
  return offloadLayerOf(node.Header.Type) === 'Path';
}
/** A TCP block list (Header.Type 13-17): its State is TCP_OFFLOAD_STATE_*. */
export function isTcpBlock<T extends AnyOffloadBlockList>(node: T): node is BlockOfKind<T, 'Tcp'> {
  return offloadLayerOf(node.Header.Type) === 'Tcp';
}

/** The TCP state structures that follow a node, or undefined when it is not a TCP block list or none follow. */
export function tcpStateOf(node: AnyOffloadBlockList): TcpOffloadStructures | undefined {
  return isTcpBlock(node) ? (node.State ?? undefined) : undefined;
}

/**
 * A new protocol block list with Status not yet written. The typed overloads make a node of one
 * family; the last takes the Type and State of an existing node (a copy), which go together.
 */
export function createProtocolBlockList(Type: NeighborOffloadStateType, OffloadHandle: NDIS_OFFLOAD_HANDLE | null, State: NeighborOffloadStructures | null): ProtocolOffloadBlockListOf<'Neighbor'>;
export function createProtocolBlockList(Type: PathOffloadStateType, OffloadHandle: NDIS_OFFLOAD_HANDLE | null, State: PathOffloadStructures | null): ProtocolOffloadBlockListOf<'Path'>;
export function createProtocolBlockList(Type: TcpOffloadStateType, OffloadHandle: NDIS_OFFLOAD_HANDLE | null, State: TcpOffloadStructures | null): ProtocolOffloadBlockListOf<'Tcp'>;
export function createProtocolBlockList(Type: OFFLOAD_STATE_TYPE, OffloadHandle: NDIS_OFFLOAD_HANDLE | null, State: OffloadStateStructures | null): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
export function createProtocolBlockList(
  Type: OFFLOAD_STATE_TYPE,
  OffloadHandle: NDIS_OFFLOAD_HANDLE | null,
  State: OffloadStateStructures | null,
): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  // The one place Type and State are paired unchecked: the overloads pair them, or a copy takes both from one node.
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
  } as NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
}

/** A new miniport block list with Status not yet written; overloads as for createProtocolBlockList. */
export function createMiniportBlockList(Type: NeighborOffloadStateType, MiniportOffloadContext: PVOID_POINTER | null, NdisOffloadHandle: NDIS_OFFLOAD_HANDLE | null, State: NeighborOffloadStructures | null): MiniportOffloadBlockListOf<'Neighbor'>;
export function createMiniportBlockList(Type: PathOffloadStateType, MiniportOffloadContext: PVOID_POINTER | null, NdisOffloadHandle: NDIS_OFFLOAD_HANDLE | null, State: PathOffloadStructures | null): MiniportOffloadBlockListOf<'Path'>;
export function createMiniportBlockList(Type: TcpOffloadStateType, MiniportOffloadContext: PVOID_POINTER | null, NdisOffloadHandle: NDIS_OFFLOAD_HANDLE | null, State: TcpOffloadStructures | null): MiniportOffloadBlockListOf<'Tcp'>;
export function createMiniportBlockList(Type: OFFLOAD_STATE_TYPE, MiniportOffloadContext: PVOID_POINTER | null, NdisOffloadHandle: NDIS_OFFLOAD_HANDLE | null, State: OffloadStateStructures | null): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;
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
  } as NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;
}

/** Moves the state structures of `from` to `to`, two nodes of one object (a completion carried back), which have the same Header.Type. */
export function moveStateStructures(from: AnyOffloadBlockList, to: AnyOffloadBlockList): void {
  const target: { State: OffloadStateStructures | null } = to;
  target.State = from.State;
}

/** The tree links of a block list of either form (`Self` is the form). */
interface Linked<Self> {
  NextBlock: Self | null;
  DependentBlockList: Self | null;
}

/** Appends `children` as the DependentBlockList of `parent` (linked by NextBlock); returns parent. */
export function withDependents<P extends NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST>(parent: P, children: readonly NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[]): P;
export function withDependents<P extends NDIS_MINIPORT_OFFLOAD_BLOCK_LIST>(parent: P, children: readonly NDIS_MINIPORT_OFFLOAD_BLOCK_LIST[]): P;
export function withDependents<T extends Linked<T>>(parent: Linked<T>, children: readonly T[]): Linked<T> {
  parent.DependentBlockList = linkSiblings(children);
  return parent;
}

/** Links nodes by NextBlock and returns the first, or null for none. */
export function linkSiblings(nodes: readonly NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[]): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null;
export function linkSiblings(nodes: readonly NDIS_MINIPORT_OFFLOAD_BLOCK_LIST[]): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null;
export function linkSiblings<T extends Linked<T>>(nodes: readonly T[]): T | null;
export function linkSiblings<T extends Linked<T>>(nodes: readonly T[]): T | null {
  for (let i = 0; i + 1 < nodes.length; i++) {
    const node = nodes[i];
    if (node) node.NextBlock = nodes[i + 1] ?? null;
  }
  const last = nodes[nodes.length - 1];
  if (last) last.NextBlock = null;
  return nodes[0] ?? null;
}

/** The visitor of forEachBlock: a node, its parent (null at the top) and its depth (0 at the top). */
export type BlockVisitor<T> = (node: T, parent: T | null, depth: number) => void;

/**
 * Depth-first, then breadth: a node, then its DependentBlockList, then its NextBlock (reference §4.2,
 * "Traversing a State Tree"). Iterative over siblings, so a list of 100,000 siblings is fine.
 */
export function forEachBlock(root: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null, visit: BlockVisitor<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST>): void;
export function forEachBlock(root: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null, visit: BlockVisitor<NDIS_MINIPORT_OFFLOAD_BLOCK_LIST>): void;
export function forEachBlock<T extends Linked<T>>(root: T | null, visit: BlockVisitor<T>): void;
export function forEachBlock<T extends Linked<T>>(root: T | null, visit: BlockVisitor<T>): void {
  walk(root, visit, null, 0);
}

function walk<T extends Linked<T>>(root: T | null, visit: BlockVisitor<T>, parent: T | null, depth: number): void {
  for (let node: T | null = root; node; node = node.NextBlock) {
    visit(node, parent, depth);
    if (node.DependentBlockList) walk(node.DependentBlockList, visit, node, depth + 1);
  }
}

/** The nodes of a tree in traversal order. */
export function blocksOf(root: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[];
export function blocksOf(root: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST[];
export function blocksOf<T extends Linked<T>>(root: T | null): T[];
export function blocksOf<T extends Linked<T>>(root: T | null): T[] {
  const out: T[] = [];
  walk(root, (n) => out.push(n), null, 0);
  return out;
}

/** The role of a miniport block list in an initiate tree (reference §4.2 "Placeholders, Linkers, and New Offloads"). */
export type BlockRole = 'placeholder' | 'linker' | 'new';

export function blockRoleOf(node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): BlockRole {
  if (!node.MiniportOffloadContext) return 'placeholder';
  return node.MiniportOffloadContext.value ? 'linker' : 'new';
}

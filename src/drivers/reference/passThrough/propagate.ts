/**
 * Propagating a state-manipulation operation through an intermediate driver (reference §7.3): the
 * incoming miniport tree is overlaid onto a protocol tree that carries the IM's own handles, and on
 * completion the statuses, send chains and state structures are carried back onto the original
 * miniport tree, which is completed upward.
 */
import { createProtocolBlockList, moveStateStructures, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../../ndis/blockList.js';
import { OFFLOAD_OPERATION_CALLS, type OffloadOperation } from '../../../ndis/calls.js';
import type { NdisLibrary } from '../../../ndis/NdisLibrary.js';
import { createOffloadHandle, type NDIS_OFFLOAD_HANDLE } from '../../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { nextImOffloadEntryState, type ImOffloadEntryEvent } from '../../../machines/imOffloadEntryMachine.js';
import type { ImOffloadEntry, PassThroughState } from './PassThroughState.js';

/** The entry a context the layer above holds names, if it is one of this driver's. */
export function entryOfContext(s: PassThroughState, context: { owner: string; id: number } | null | undefined): ImOffloadEntry | undefined {
  return context && context.owner === s.name ? s.entries[context.id] : undefined;
}

/** The entry one of this driver's own handles belongs to. */
export function entryOfHandle(s: PassThroughState, h: NDIS_OFFLOAD_HANDLE | null | undefined): ImOffloadEntry | undefined {
  if (!h || h.owner !== s.name) return undefined;
  const id = s.byHandle[h.id];
  return id === undefined ? undefined : s.entries[id];
}

/** Moves an entry along imOffloadEntryMachine; a Freed entry is forgotten. */
/** Moves an entry along imOffloadEntryMachine (unchanged if the event does not move it); returns where it stands. */
function moveEntry(s: PassThroughState, entry: ImOffloadEntry, event: ImOffloadEntryEvent): ImOffloadEntry['state'] {
  const next = nextImOffloadEntryState(entry.state, event);
  if (next === undefined) return entry.state;
  entry.state = next;
  if (next === 'Freed') {
    delete s.entries[entry.id];
    delete s.byHandle[entry.ownHandle.id];
  }
  return next;
}

/** MiniportXxxOffload: save ImReserved/SourceHandle in a call entry, overlay the IM's handles, call NdisXxxOffload. */
export function propagateDown(s: PassThroughState, op: OffloadOperation, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, ndis: NdisLibrary): void {
  const callId = s.nextCallId++;
  s.calls[callId] = { op, miniportRoot: M, savedImReserved: [M.ImReserved[0], M.ImReserved[1]], savedSourceHandle: M.SourceHandle };
  const P = toLowerProtocolTree(s, M, op)!;
  P.ImReserved[0] = callId;
  ndis[OFFLOAD_OPERATION_CALLS[op].request](s.NdisBindingHandle, P);
}

/** Builds the protocol tree to pass down. New offloads get a new IM offload entry and handle. */
function toLowerProtocolTree(s: PassThroughState, m: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null, op: OffloadOperation): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null {
  let first: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null = null;
  let prev: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null = null;
  for (let node = m; node; node = node.NextBlock) {
    let handle: NDIS_OFFLOAD_HANDLE | null = null;
    if (node.MiniportOffloadContext) {
      const existing = entryOfContext(s, node.MiniportOffloadContext.value);
      if (existing) {
        handle = { ...existing.ownHandle };
        if (op === 'Terminate') moveEntry(s, existing, { type: 'MiniportTerminateOffload' });
      } else if (!node.MiniportOffloadContext.value && node.NdisOffloadHandle) {
        const id = s.nextId++;
        const ownHandle = createOffloadHandle(s.name, s.nextId++, node.NdisOffloadHandle.label);
        s.entries[id] = { id, upperHandle: { ...node.NdisOffloadHandle }, ownHandle, state: 'Offloading' };
        s.byHandle[ownHandle.id] = id;
        handle = { ...ownHandle };
      }
    }
    // The state structures and send data go down with the tree (the IM keeps the block lists, and gets them back with the completion).
    const p = createProtocolBlockList(node.Header.Type, handle, node.State);
    p.NetBufferListChain = node.NetBufferListChain;
    node.State = null;
    node.NetBufferListChain = null;
    p.DependentBlockList = toLowerProtocolTree(s, node.DependentBlockList, op);
    if (prev) prev.NextBlock = p;
    else first = p;
    prev = p;
  }
  return first;
}

/** ProtocolXxxOffloadComplete: find the call entry through ImReserved, restore, complete upward with the same root. */
export function propagateUp(s: PassThroughState, P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ndis: NdisLibrary): void {
  const key = P.ImReserved[0];
  const call = typeof key === 'number' ? s.calls[key] : undefined;
  if (!call || typeof key !== 'number') {
    ndis.DbgPrint(`got a completion whose ImReserved names no call entry of its own; dropped`, P.OffloadHandle?.label);
    return;
  }
  delete s.calls[key];
  const M = call.miniportRoot;
  completeUpperTree(s, P, M, call.op);
  M.ImReserved = [call.savedImReserved[0], call.savedImReserved[1]];
  M.SourceHandle = call.savedSourceHandle;
  ndis[OFFLOAD_OPERATION_CALLS[call.op].complete](s.NdisMiniportHandle, M);
}

/**
 * Carries the completion back: Status, NetBufferListChain and the state structures of every node (the
 * delegated state a terminate or query returns); for an initiate, writes a PVOID to the IM offload entry
 * into the upper `*MiniportOffloadContext` of each new object that was offloaded (and only those).
 */
function completeUpperTree(s: PassThroughState, p: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null, m: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST | null, op: OffloadOperation): void {
  for (; p && m; p = p.NextBlock, m = m.NextBlock) {
    m.Status = p.Status;
    m.NetBufferListChain = p.NetBufferListChain;
    moveStateStructures(p, m);
    const entry = entryOfHandle(s, p.OffloadHandle);
    if (entry && op === 'Initiate' && entry.state === 'Offloading') {
      const now = moveEntry(s, entry, { type: 'ProtocolInitiateOffloadComplete', Status: p.Status });
      if (now === 'Offloaded' && m.MiniportOffloadContext && m.MiniportOffloadContext.value === null) {
        m.MiniportOffloadContext.value = { owner: s.name, id: entry.id };
      }
    } else if (entry && op === 'Terminate') moveEntry(s, entry, { type: 'ProtocolTerminateOffloadComplete' });
    completeUpperTree(s, p.DependentBlockList, m.DependentBlockList, op);
  }
}

/**
 * The reference pass-through intermediate driver (reference §7) as an xstate machine. Its miniport
 * edge receives operations from above and propagates them down with its own handles; its protocol
 * edge receives completions and indications from below and relays them up, indications with the
 * stored upper handle. It decides nothing else: a user's driver can replace it piece by piece.
 */
import {
  createMiniportBlockList,
  type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
  type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
} from '../../ndis/blockList.js';
import {
  OFFLOAD_OPERATION_CALLS,
  type EventOfType,
  type NdisBindingHandle,
  type NdisEdgeEvent,
  type NdisLibrary,
  type NdisMiniportHandle,
  type OffloadOperation,
} from '../../ndis/calls.js';
import { HandleAllocator, type NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import type { LayerReporter } from '../LayerReporter.js';
import type { ImCallEntry, ImOffloadEntry } from './ImOffloadEntry.js';
import { completeUpperTree, toLowerProtocolTree } from './propagate.js';

export interface IntermediateDriverInput {
  name: string;
  ndis: NdisLibrary;
  bindingHandle: NdisBindingHandle;
  miniportHandle: NdisMiniportHandle;
  report: LayerReporter;
  /** Deliberate fault, for negative scenarios: relays indications with its own handle, not the stored upper one. */
  relaysWithOwnHandle?: boolean;
}

export interface IntermediateDriverContext {
  readonly name: string;
  readonly ndis: NdisLibrary;
  readonly bindingHandle: NdisBindingHandle;
  readonly miniportHandle: NdisMiniportHandle;
  readonly handles: HandleAllocator;
  readonly report: LayerReporter;
  readonly relaysWithOwnHandle: boolean;
}

type Ctx = IntermediateDriverContext;

/** MiniportXxxOffload: save ImReserved/SourceHandle in a call entry, overlay our handles, call NdisXxxOffload. */
function propagateDown(c: Ctx, op: OffloadOperation, event: NdisEdgeEvent): void {
  if (!('OffloadBlockList' in event)) return;
  const M = event.OffloadBlockList as NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;
  const call: ImCallEntry = { op, miniportRoot: M, savedImReserved: [M.ImReserved[0], M.ImReserved[1]], savedSourceHandle: M.SourceHandle };
  const P = toLowerProtocolTree(M, c.name, c.handles)!;
  P.ImReserved[0] = call;
  const request = OFFLOAD_OPERATION_CALLS[op].request;
  c.ndis[request](c.bindingHandle, P);
}

/** The offload entry a data I/O call's context points to, or null (reported) when it is not one of this IM's. */
function ownEntry(c: Ctx, MiniportOffloadContext: unknown, handler: string): ImOffloadEntry | null {
  const entry = MiniportOffloadContext as ImOffloadEntry | null;
  if (entry && entry.owner === c.name) return entry;
  c.report.decision(`${handler} got a context that is not one of its offload entries; completes the NBL with NDIS_STATUS_INVALID_STATE`);
  return null;
}

type DataIoEvent = Extract<
  NdisEdgeEvent,
  { type: 'MiniportTcpOffloadSend' | 'MiniportTcpOffloadDisconnect' | 'MiniportTcpOffloadReceive' | 'MiniportTcpOffloadForward' }
>;

/**
 * MiniportTcpOffloadXxx (reference §7.4): the same NBLs go down with the IM's own handle (`down`), and
 * the lower return value comes back; a context that is not one of its entries completes them upward
 * (`completeUp`) with NDIS_STATUS_INVALID_STATE.
 */
function relayIo(c: Ctx, event: DataIoEvent, down: (ownHandle: NDIS_OFFLOAD_HANDLE) => number, completeUp: (nbl: NET_BUFFER_LIST) => void): void {
  const entry = ownEntry(c, event.MiniportOffloadContext, event.type);
  if (!entry) {
    for (let n: NET_BUFFER_LIST | null = event.NetBufferList; n; n = n.Next) n.Status = NDIS_STATUS.NDIS_STATUS_INVALID_STATE;
    completeUp(event.NetBufferList);
    return;
  }
  event.returns.Status = down(entry.ownHandle);
}

/** ProtocolXxxOffloadComplete: find the call entry through ImReserved, restore, complete upward with the same root. */
function propagateUp(c: Ctx, event: NdisEdgeEvent): void {
  if (!('OffloadBlockList' in event) || event.type === 'ProtocolIndicateOffloadEvent') return;
  const P = event.OffloadBlockList as NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
  const call = P.ImReserved[0] as ImCallEntry;
  const M = call.miniportRoot;
  completeUpperTree(P, M, call.op === 'Initiate');
  M.ImReserved = [call.savedImReserved[0], call.savedImReserved[1]];
  M.SourceHandle = call.savedSourceHandle;
  c.ndis[OFFLOAD_OPERATION_CALLS[call.op].complete](c.miniportHandle, M);
}

type Handlers = { [K in NdisEdgeEvent['type']]?: (c: Ctx, event: EventOfType<NdisEdgeEvent, K>) => void };

/** The pass-through driver's handlers, by the name NDIS calls them with. */
const IM_HANDLERS: Handlers = {
  MiniportInitiateOffload: (c, event) => propagateDown(c, 'Initiate', event),
  MiniportTerminateOffload: (c, event) => propagateDown(c, 'Terminate', event),
  MiniportUpdateOffload: (c, event) => propagateDown(c, 'Update', event),
  MiniportInvalidateOffload: (c, event) => propagateDown(c, 'Invalidate', event),
  MiniportQueryOffload: (c, event) => propagateDown(c, 'Query', event),
  ProtocolInitiateOffloadComplete: (c, event) => propagateUp(c, event),
  ProtocolTerminateOffloadComplete: (c, event) => propagateUp(c, event),
  ProtocolUpdateOffloadComplete: (c, event) => propagateUp(c, event),
  ProtocolInvalidateOffloadComplete: (c, event) => propagateUp(c, event),
  ProtocolQueryOffloadComplete: (c, event) => propagateUp(c, event),
  /** ProtocolTcpOffloadEvent: relay with the stored upper handle, EventType and information unchanged. */
  ProtocolTcpOffloadEvent: (c, event) => {
    const h = event.OffloadContext;
    if (h.owner !== c.name) {
      c.report.decision(`received an indication with handle ${h.toString()}, which is not one of its own; dropped`, h.label);
      return;
    }
    const entry = h.containingRecord as ImOffloadEntry;
    c.ndis.NdisTcpOffloadEventHandler(c.relaysWithOwnHandle ? h : entry.upperHandle, event.EventType, event.EventSpecificInformation);
  },
  /** ProtocolIndicateOffloadEvent (neighbor reachability): relay with NdisMOffloadEventIndicate. */
  ProtocolIndicateOffloadEvent: (c, event) => {
    const P = event.OffloadBlockList;
    const entry = P.OffloadHandle?.owner === c.name ? (P.OffloadHandle.containingRecord as ImOffloadEntry) : null;
    const M = createMiniportBlockList(P.Header.Type, null, entry?.upperHandle ?? null, P.State);
    M.Status = P.Status;
    c.ndis.NdisMOffloadEventIndicate(c.miniportHandle, M, event.IndicationCode);
  },
  /** MiniportTcpOffloadSend: the same NBL goes down with the IM's own handle; the lower return value comes back. */
  MiniportTcpOffloadSend: (c, event) => {
    relayIo(c, event, (h) => c.ndis.NdisOffloadTcpSend(h, event.NetBufferList), (n) => c.ndis.NdisTcpOffloadSendComplete(c.miniportHandle, n));
  },
  /** MiniportTcpOffloadDisconnect: the same NBL and Flags go down with the IM's own handle. */
  MiniportTcpOffloadDisconnect: (c, event) => {
    relayIo(
      c, event, (h) => c.ndis.NdisOffloadTcpDisconnect(h, event.NetBufferList, event.Flags),
      (n) => c.ndis.NdisTcpOffloadDisconnectComplete(c.miniportHandle, n),
    );
  },
  /** MiniportTcpOffloadReceive: the same receive buffers go down with the IM's own handle. */
  MiniportTcpOffloadReceive: (c, event) => {
    relayIo(c, event, (h) => c.ndis.NdisOffloadTcpReceive(h, event.NetBufferList), (n) => c.ndis.NdisTcpOffloadReceiveComplete(c.miniportHandle, n));
  },
  /** ProtocolTcpOffloadReceiveComplete: the same buffers are completed upward. */
  ProtocolTcpOffloadReceiveComplete: (c, event) => {
    c.ndis.NdisTcpOffloadReceiveComplete(c.miniportHandle, event.NetBufferList);
  },
  /**
   * ProtocolTcpOffloadReceiveIndicate: relay with the stored upper handle and the same NBL; the upper
   * layer's result (Status and BytesConsumed) is this handler's result (reference §7.5).
   */
  ProtocolTcpOffloadReceiveIndicate: (c, event) => {
    const h = event.OffloadContext;
    if (h.owner !== c.name) {
      c.report.decision(`received data with handle ${h.toString()}, which is not one of its own; not accepted`, h.label);
      return; // event.returns keeps NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED
    }
    const entry = h.containingRecord as ImOffloadEntry;
    const upper = c.ndis.NdisTcpOffloadReceiveHandler(c.relaysWithOwnHandle ? h : entry.upperHandle, event.NetBufferList, event.Status);
    if (upper) Object.assign(event.returns, upper);
  },
  /** MiniportTcpOffloadReceiveReturn: the same NBLs go back down on the IM's own binding; SUCCESS. */
  MiniportTcpOffloadReceiveReturn: (c, event) => {
    event.returns.Status = c.ndis.NdisOffloadTcpReceiveReturn(c.bindingHandle, event.NetBufferList);
  },
  /** MiniportTcpOffloadForward: the same segments go down with the IM's own handle. */
  MiniportTcpOffloadForward: (c, event) => {
    relayIo(c, event, (h) => c.ndis.NdisOffloadTcpForward(h, event.NetBufferList), (n) => c.ndis.NdisTcpOffloadForwardComplete(c.miniportHandle, n));
  },
  /** ProtocolTcpOffloadForwardComplete: the same NBLs are completed upward. */
  ProtocolTcpOffloadForwardComplete: (c, event) => {
    c.ndis.NdisTcpOffloadForwardComplete(c.miniportHandle, event.NetBufferList);
  },
  /** ProtocolTcpOffloadDisconnectComplete: the same NBL is completed upward. */
  ProtocolTcpOffloadDisconnectComplete: (c, event) => {
    c.ndis.NdisTcpOffloadDisconnectComplete(c.miniportHandle, event.NetBufferList);
  },
  /** ProtocolTcpOffloadSendComplete: the same NBLs are completed upward. */
  ProtocolTcpOffloadSendComplete: (c, event) => {
    c.ndis.NdisTcpOffloadSendComplete(c.miniportHandle, event.NetBufferList);
  },
  /** ProtocolReceiveNetBufferLists: the normal receive path passes up unchanged. */
  ProtocolReceiveNetBufferLists: (c, event) => {
    c.ndis.NdisMIndicateReceiveNetBufferLists(c.miniportHandle, event.NetBufferLists);
  },
  /** ProtocolStatusEx: adapter-wide status indications pass up unchanged. */
  ProtocolStatusEx: (c, event) => {
    c.ndis.NdisMIndicateStatusEx(c.miniportHandle, event.StatusIndication);
  },
};

/** The pass-through driver's context, made from its input. */
export function createIntermediateDriverContext(input: IntermediateDriverInput): IntermediateDriverContext {
  return { ...input, relaysWithOwnHandle: input.relaysWithOwnHandle ?? false, handles: new HandleAllocator(input.name) };
}

/** Calls the driver's handler for an event NDIS delivers. */
export function intermediateDriverReceive(c: Ctx, event: NdisEdgeEvent): void {
  (IM_HANDLERS[event.type] as ((c: Ctx, e: NdisEdgeEvent) => void) | undefined)?.(c, event);
}

/**
 * The reference pass-through intermediate driver (reference §7): its miniport edge receives
 * operations from above and propagates them down with its own handles; its protocol edge receives
 * completions and indications from below and relays them up, indications with the stored upper handle.
 * It decides nothing else. Copy it to start a driver of your own, or override one handler and keep the
 * rest (`{ ...passThroughIntermediateDriver, ProtocolTcpOffloadEvent: ... }`).
 */
import { createMiniportBlockList } from '../../ndis/blockList.js';
import { handleKey, type OffloadContext } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { NdisLibrary } from '../../ndis/NdisLibrary.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import type { NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import type { IntermediateDriver } from '../IntermediateDriver.js';
import { entryOfContext, entryOfHandle, propagateDown, propagateUp } from './passThrough/propagate.js';
import type { ImOffloadEntry, PassThroughState } from './passThrough/PassThroughState.js';

export type { ImCallEntry, ImOffloadEntry, PassThroughState } from './passThrough/PassThroughState.js';

/** The offload entry a data I/O call's context names, or undefined (narrated) when it is not one of this IM's. */
function ownEntry(s: PassThroughState, MiniportOffloadContext: OffloadContext | null, handler: string, ndis: NdisLibrary): ImOffloadEntry | undefined {
  const entry = entryOfContext(s, MiniportOffloadContext);
  if (!entry) ndis.DbgPrint(`${handler} got a context that is not one of its offload entries; completes the NBL with NDIS_STATUS_INVALID_STATE`);
  return entry;
}

/** The I/O a context names no entry for: the NBLs complete upward with NDIS_STATUS_INVALID_STATE. */
function refuse(NetBufferList: NET_BUFFER_LIST): NET_BUFFER_LIST {
  for (let n: NET_BUFFER_LIST | null = NetBufferList; n; n = n.Next) n.Status = NDIS_STATUS.NDIS_STATUS_INVALID_STATE;
  return NetBufferList;
}

export const passThroughIntermediateDriver: IntermediateDriver<PassThroughState> & Required<Omit<IntermediateDriver<PassThroughState>, 'name'>> = {
  name: 'pass-through',
  init: ({ name, NdisMiniportHandle, NdisBindingHandle }) => ({
    name, NdisMiniportHandle, NdisBindingHandle, nextId: 1, nextCallId: 1, entries: {}, byHandle: {}, calls: {},
  }),

  // ---- miniport edge ----
  /** Save ImReserved/SourceHandle in a call entry, give new objects an entry and a handle, propagate down. */
  MiniportInitiateOffload: (s, { OffloadBlockList }, ndis) => propagateDown(s, 'Initiate', OffloadBlockList, ndis),
  MiniportTerminateOffload: (s, { OffloadBlockList }, ndis) => propagateDown(s, 'Terminate', OffloadBlockList, ndis),
  MiniportUpdateOffload: (s, { OffloadBlockList }, ndis) => propagateDown(s, 'Update', OffloadBlockList, ndis),
  MiniportInvalidateOffload: (s, { OffloadBlockList }, ndis) => propagateDown(s, 'Invalidate', OffloadBlockList, ndis),
  MiniportQueryOffload: (s, { OffloadBlockList }, ndis) => propagateDown(s, 'Query', OffloadBlockList, ndis),
  /** The same NBL goes down with the IM's own handle; the lower return value comes back. */
  MiniportTcpOffloadSend: (s, { MiniportOffloadContext, NetBufferList }, ndis) => {
    const entry = ownEntry(s, MiniportOffloadContext, 'MiniportTcpOffloadSend', ndis);
    if (!entry) {
      ndis.NdisTcpOffloadSendComplete(s.NdisMiniportHandle, refuse(NetBufferList));
      return NDIS_STATUS.NDIS_STATUS_PENDING;
    }
    return ndis.NdisOffloadTcpSend(entry.ownHandle, NetBufferList);
  },
  /** The same receive buffers go down with the IM's own handle. */
  MiniportTcpOffloadReceive: (s, { MiniportOffloadContext, NetBufferList }, ndis) => {
    const entry = ownEntry(s, MiniportOffloadContext, 'MiniportTcpOffloadReceive', ndis);
    if (!entry) {
      ndis.NdisTcpOffloadReceiveComplete(s.NdisMiniportHandle, refuse(NetBufferList));
      return NDIS_STATUS.NDIS_STATUS_PENDING;
    }
    return ndis.NdisOffloadTcpReceive(entry.ownHandle, NetBufferList);
  },
  /** The same NBL and Flags go down with the IM's own handle. */
  MiniportTcpOffloadDisconnect: (s, { MiniportOffloadContext, NetBufferList, Flags }, ndis) => {
    const entry = ownEntry(s, MiniportOffloadContext, 'MiniportTcpOffloadDisconnect', ndis);
    if (!entry) {
      ndis.NdisTcpOffloadDisconnectComplete(s.NdisMiniportHandle, refuse(NetBufferList));
      return NDIS_STATUS.NDIS_STATUS_PENDING;
    }
    return ndis.NdisOffloadTcpDisconnect(entry.ownHandle, NetBufferList, Flags);
  },
  /** The same segments go down with the IM's own handle. */
  MiniportTcpOffloadForward: (s, { MiniportOffloadContext, NetBufferList }, ndis) => {
    const entry = ownEntry(s, MiniportOffloadContext, 'MiniportTcpOffloadForward', ndis);
    if (!entry) {
      ndis.NdisTcpOffloadForwardComplete(s.NdisMiniportHandle, refuse(NetBufferList));
      return NDIS_STATUS.NDIS_STATUS_PENDING;
    }
    return ndis.NdisOffloadTcpForward(entry.ownHandle, NetBufferList);
  },
  /** The same NBLs go back down on the IM's own binding; what the layer below returns (SUCCESS) comes back. */
  MiniportTcpOffloadReceiveReturn: (s, { NetBufferList }, ndis) => ndis.NdisOffloadTcpReceiveReturn(s.NdisBindingHandle, NetBufferList),
  /** The normal send path passes down unchanged. */
  MiniportSendNetBufferLists: (s, { NetBufferLists }, ndis) => ndis.NdisSendNetBufferLists(s.NdisBindingHandle, NetBufferLists),

  // ---- protocol edge ----
  /** Find the call entry through ImReserved, restore it, carry the statuses back, complete upward with the same root. */
  ProtocolInitiateOffloadComplete: (s, { OffloadBlockList }, ndis) => propagateUp(s, OffloadBlockList, ndis),
  ProtocolTerminateOffloadComplete: (s, { OffloadBlockList }, ndis) => propagateUp(s, OffloadBlockList, ndis),
  ProtocolUpdateOffloadComplete: (s, { OffloadBlockList }, ndis) => propagateUp(s, OffloadBlockList, ndis),
  ProtocolInvalidateOffloadComplete: (s, { OffloadBlockList }, ndis) => propagateUp(s, OffloadBlockList, ndis),
  ProtocolQueryOffloadComplete: (s, { OffloadBlockList }, ndis) => propagateUp(s, OffloadBlockList, ndis),
  /** Relay with the stored upper handle, EventType and EventSpecificInformation unchanged. */
  ProtocolTcpOffloadEvent: (s, { OffloadContext, EventType, EventSpecificInformation }, ndis) => {
    const entry = entryOfHandle(s, OffloadContext);
    if (!entry) {
      ndis.DbgPrint(`received an indication with handle ${handleKey(OffloadContext)}, which is not one of its own; dropped`, OffloadContext.label);
      return;
    }
    ndis.NdisTcpOffloadEventHandler(entry.upperHandle, EventType, EventSpecificInformation);
  },
  /** Neighbor reachability: relay with NdisMOffloadEventIndicate, with the stored upper handle. */
  ProtocolIndicateOffloadEvent: (s, { OffloadBlockList: P, IndicationCode }, ndis) => {
    const entry = entryOfHandle(s, P.OffloadHandle);
    const M = createMiniportBlockList(P.Header.Type, null, entry ? { ...entry.upperHandle } : null, P.State);
    M.Status = P.Status;
    ndis.NdisMOffloadEventIndicate(s.NdisMiniportHandle, M, IndicationCode);
  },
  /** Adapter-wide status indications pass up unchanged. */
  ProtocolStatusEx: (s, { StatusIndication }, ndis) => ndis.NdisMIndicateStatusEx(s.NdisMiniportHandle, StatusIndication),
  /** The normal receive path passes up unchanged. */
  ProtocolReceiveNetBufferLists: (s, { NetBufferLists }, ndis) => ndis.NdisMIndicateReceiveNetBufferLists(s.NdisMiniportHandle, NetBufferLists),
  /** The same NBLs are completed upward. */
  ProtocolTcpOffloadSendComplete: (s, { NetBufferList }, ndis) => ndis.NdisTcpOffloadSendComplete(s.NdisMiniportHandle, NetBufferList),
  /** The same buffers are completed upward. */
  ProtocolTcpOffloadReceiveComplete: (s, { NetBufferList }, ndis) => ndis.NdisTcpOffloadReceiveComplete(s.NdisMiniportHandle, NetBufferList),
  /** The same NBL is completed upward. */
  ProtocolTcpOffloadDisconnectComplete: (s, { NetBufferList }, ndis) => ndis.NdisTcpOffloadDisconnectComplete(s.NdisMiniportHandle, NetBufferList),
  /** The same NBLs are completed upward. */
  ProtocolTcpOffloadForwardComplete: (s, { NetBufferList }, ndis) => ndis.NdisTcpOffloadForwardComplete(s.NdisMiniportHandle, NetBufferList),
  /**
   * Relay with the stored upper handle and the same NBL; the upper layer's result (Status and
   * BytesConsumed) is this handler's result (reference §7.5).
   */
  ProtocolTcpOffloadReceiveIndicate: (s, { OffloadContext, NetBufferList, Status }, ndis) => {
    const entry = entryOfHandle(s, OffloadContext);
    if (!entry) {
      ndis.DbgPrint(`received data with handle ${handleKey(OffloadContext)}, which is not one of its own; not accepted`, OffloadContext.label);
      return { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, BytesConsumed: 0 };
    }
    const upper = ndis.NdisTcpOffloadReceiveHandler(entry.upperHandle, NetBufferList, Status);
    return upper ?? { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, BytesConsumed: 0 };
  },
};

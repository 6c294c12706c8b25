/**
 * The chimney calls that cross a layer boundary, as NDIS routes them (reference §5.1, §5.3): each
 * `Ndis*` function a driver calls, the handler NDIS calls in the next layer, and which way it goes.
 * The events a layer's machine receives are named after the handler, with the C parameter names.
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from './blockList.js';
import type { NDIS_OFFLOAD_HANDLE, OffloadContext } from './NDIS_OFFLOAD_HANDLE.js';
import type { NET_BUFFER_LIST } from './NET_BUFFER_LIST.js';
import type { Segment } from '../wire/Segment.js';

/** The state-manipulation operations; each has a request, a miniport handler and two completions. */
export type OffloadOperation = 'Initiate' | 'Terminate' | 'Update' | 'Invalidate' | 'Query';

/** Per operation: the NDIS function names along its path, top to bottom and back. */
export const OFFLOAD_OPERATION_CALLS = {
  Initiate: {
    request: 'NdisInitiateOffload',
    handler: 'MiniportInitiateOffload',
    complete: 'NdisMInitiateOffloadComplete',
    completeHandler: 'ProtocolInitiateOffloadComplete',
  },
  Terminate: {
    request: 'NdisTerminateOffload',
    handler: 'MiniportTerminateOffload',
    complete: 'NdisMTerminateOffloadComplete',
    completeHandler: 'ProtocolTerminateOffloadComplete',
  },
  Update: {
    request: 'NdisUpdateOffload',
    handler: 'MiniportUpdateOffload',
    complete: 'NdisMUpdateOffloadComplete',
    completeHandler: 'ProtocolUpdateOffloadComplete',
  },
  Invalidate: {
    request: 'NdisInvalidateOffload',
    handler: 'MiniportInvalidateOffload',
    complete: 'NdisMInvalidateOffloadComplete',
    completeHandler: 'ProtocolInvalidateOffloadComplete',
  },
  Query: {
    request: 'NdisQueryOffloadState',
    handler: 'MiniportQueryOffload',
    complete: 'NdisMQueryOffloadStateComplete',
    completeHandler: 'ProtocolQueryOffloadComplete',
  },
} as const;

type Ops = typeof OFFLOAD_OPERATION_CALLS;
export type OffloadRequestFunction = Ops[OffloadOperation]['request'];
export type OffloadRequestHandler = Ops[OffloadOperation]['handler'];
export type OffloadCompleteFunction = Ops[OffloadOperation]['complete'];
export type OffloadCompleteHandler = Ops[OffloadOperation]['completeHandler'];

/** Every NDIS function a layer can call, and the handler NDIS calls in the next layer. */
export const NDIS_ROUTES = {
  NdisInitiateOffload: { handler: 'MiniportInitiateOffload', direction: 'down', kind: 'request' },
  NdisTerminateOffload: { handler: 'MiniportTerminateOffload', direction: 'down', kind: 'request' },
  NdisUpdateOffload: { handler: 'MiniportUpdateOffload', direction: 'down', kind: 'request' },
  NdisInvalidateOffload: { handler: 'MiniportInvalidateOffload', direction: 'down', kind: 'request' },
  NdisQueryOffloadState: { handler: 'MiniportQueryOffload', direction: 'down', kind: 'request' },
  NdisMInitiateOffloadComplete: { handler: 'ProtocolInitiateOffloadComplete', direction: 'up', kind: 'completion' },
  NdisMTerminateOffloadComplete: { handler: 'ProtocolTerminateOffloadComplete', direction: 'up', kind: 'completion' },
  NdisMUpdateOffloadComplete: { handler: 'ProtocolUpdateOffloadComplete', direction: 'up', kind: 'completion' },
  NdisMInvalidateOffloadComplete: { handler: 'ProtocolInvalidateOffloadComplete', direction: 'up', kind: 'completion' },
  NdisMQueryOffloadStateComplete: { handler: 'ProtocolQueryOffloadComplete', direction: 'up', kind: 'completion' },
  NdisTcpOffloadEventHandler: { handler: 'ProtocolTcpOffloadEvent', direction: 'up', kind: 'indication' },
  NdisMOffloadEventIndicate: { handler: 'ProtocolIndicateOffloadEvent', direction: 'up', kind: 'indication' },
  NdisMIndicateStatusEx: { handler: 'ProtocolStatusEx', direction: 'up', kind: 'status' },
  NdisOffloadTcpSend: { handler: 'MiniportTcpOffloadSend', direction: 'down', kind: 'io' },
  NdisTcpOffloadSendComplete: { handler: 'ProtocolTcpOffloadSendComplete', direction: 'up', kind: 'completion' },
  NdisMIndicateReceiveNetBufferLists: { handler: 'ProtocolReceiveNetBufferLists', direction: 'up', kind: 'indication' },
  NdisOffloadTcpDisconnect: { handler: 'MiniportTcpOffloadDisconnect', direction: 'down', kind: 'io' },
  NdisTcpOffloadDisconnectComplete: { handler: 'ProtocolTcpOffloadDisconnectComplete', direction: 'up', kind: 'completion' },
  NdisOffloadTcpReceive: { handler: 'MiniportTcpOffloadReceive', direction: 'down', kind: 'io' },
  NdisTcpOffloadReceiveComplete: { handler: 'ProtocolTcpOffloadReceiveComplete', direction: 'up', kind: 'completion' },
  NdisTcpOffloadReceiveHandler: { handler: 'ProtocolTcpOffloadReceiveIndicate', direction: 'up', kind: 'indication' },
  NdisOffloadTcpReceiveReturn: { handler: 'MiniportTcpOffloadReceiveReturn', direction: 'down', kind: 'io' },
  NdisOffloadTcpForward: { handler: 'MiniportTcpOffloadForward', direction: 'down', kind: 'io' },
  NdisTcpOffloadForwardComplete: { handler: 'ProtocolTcpOffloadForwardComplete', direction: 'up', kind: 'completion' },
} as const;
export type NdisFunction = keyof typeof NDIS_ROUTES;
export type NdisHandler = (typeof NDIS_ROUTES)[NdisFunction]['handler'];

/** The operation a request, handler or completion name belongs to. */
export function operationOf(name: string): OffloadOperation | undefined {
  for (const op of Object.keys(OFFLOAD_OPERATION_CALLS) as OffloadOperation[]) {
    const c = OFFLOAD_OPERATION_CALLS[op];
    if (name === c.request || name === c.handler || name === c.complete || name === c.completeHandler) return op;
  }
  return undefined;
}

/** A frame on the normal receive path, reduced to the TCP segment it carries. */
export interface ReceivedFrame {
  segment: Segment;
}

/** `NDIS_STATUS_INDICATION`, reduced to the status code (PAUSE, UPLOAD_ALL, RESUME). */
export interface NDIS_STATUS_INDICATION {
  StatusCode: number;
}

/**
 * Where a handler that returns an NDIS_STATUS writes it (the events NDIS sends a layer cannot return
 * a value): NDIS reads `Status` after the handler ran.
 */
export interface NdisReturn {
  Status: number;
}

/** What NdisTcpOffloadReceiveHandler returns (reference §6.7): the Status, and how many bytes the host took. */
export interface ReceiveIndicateResult {
  /** NDIS_STATUS_SUCCESS, NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED or NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED. */
  Status: number;
  /** *BytesConsumed. */
  BytesConsumed: number;
}

/** Events NDIS delivers to a miniport edge (intermediate driver or offload target). */
export type MiniportEdgeEvent =
  | { type: OffloadRequestHandler; OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST }
  | {
      type: 'MiniportTcpOffloadReceive';
      MiniportOffloadContext: OffloadContext | null;
      /** One receive buffer (one NET_BUFFER), or a chain of them. */
      NetBufferList: NET_BUFFER_LIST;
      returns: NdisReturn;
    }
  | {
      type: 'MiniportTcpOffloadForward';
      MiniportOffloadContext: OffloadContext | null;
      /** One NBL per TCP segment the host received for the connection and did not process. */
      NetBufferList: NET_BUFFER_LIST;
      returns: NdisReturn;
    }
  /** The host gives back NBLs it kept from a SUCCESS receive indication (or a terminate's BufferedData). */
  | { type: 'MiniportTcpOffloadReceiveReturn'; NetBufferList: NET_BUFFER_LIST; returns: NdisReturn }
  /**
   * The NdisTcpOffloadReceiveHandler call this layer made has returned (the call waited in the scheduler;
   * this is its return value reaching the caller).
   */
  | { type: 'NdisTcpOffloadReceiveHandlerReturned'; NetBufferList: NET_BUFFER_LIST; result: ReceiveIndicateResult }
  /** The layer's NdisMXxxOffloadComplete call for `op` has returned (the layers above have processed the completion). */
  | { type: 'NdisMOffloadCompleteReturned'; op: OffloadOperation; OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST }
  | {
      type: 'MiniportTcpOffloadSend';
      /** What the caller's handle slot holds: the callee's own context for the connection. */
      MiniportOffloadContext: OffloadContext | null;
      NetBufferList: NET_BUFFER_LIST;
      returns: NdisReturn;
    }
  | {
      type: 'MiniportTcpOffloadDisconnect';
      MiniportOffloadContext: OffloadContext | null;
      /** One NBL with one (empty) NET_BUFFER. */
      NetBufferList: NET_BUFFER_LIST;
      /** TCP_DISCONNECT_GRACEFUL_CLOSE or TCP_DISCONNECT_ABORTIVE_CLOSE. */
      Flags: number;
      returns: NdisReturn;
    };

/** Events NDIS delivers to a protocol edge (host stack or intermediate driver). */
export type ProtocolEdgeEvent =
  | { type: OffloadCompleteHandler; OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST }
  | {
      type: 'ProtocolTcpOffloadEvent';
      /** The receiver's own NDIS_OFFLOAD_HANDLE for the connection. */
      OffloadContext: NDIS_OFFLOAD_HANDLE;
      EventType: number;
      EventSpecificInformation: number;
    }
  | { type: 'ProtocolIndicateOffloadEvent'; OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST; IndicationCode: number }
  | { type: 'ProtocolStatusEx'; StatusIndication: NDIS_STATUS_INDICATION }
  /** The normal (non-offload) receive path: a frame the NIC received for a connection it does not own. */
  | { type: 'ProtocolReceiveNetBufferLists'; NetBufferLists: ReceivedFrame }
  /** The disconnect NBL, completed (its Status says whether the FIN was sent and ACKed, or the RST sent). */
  | { type: 'ProtocolTcpOffloadDisconnectComplete'; NetBufferList: NET_BUFFER_LIST }
  /** Completed send NBLs (a chain; each with its Status). */
  | { type: 'ProtocolTcpOffloadSendComplete'; NetBufferList: NET_BUFFER_LIST }
  /** Completed receive buffers (a chain, in posting order; each with its Status and TcpOffloadBytesTransferred). */
  | { type: 'ProtocolTcpOffloadReceiveComplete'; NetBufferList: NET_BUFFER_LIST }
  /** Completed forwarded segments. */
  | { type: 'ProtocolTcpOffloadForwardComplete'; NetBufferList: NET_BUFFER_LIST }
  /** Received data offered to the host (no posted buffer was free); the handler writes its result into `returns`. */
  | {
      type: 'ProtocolTcpOffloadReceiveIndicate';
      OffloadContext: NDIS_OFFLOAD_HANDLE;
      NetBufferList: NET_BUFFER_LIST;
      Status: number;
      returns: ReceiveIndicateResult;
    };

/** Any event NDIS delivers to a layer. */
export type NdisEdgeEvent = MiniportEdgeEvent | ProtocolEdgeEvent;

/**
 * What a layer may call: the NDIS library as seen from a driver. Protocol-edge functions take the
 * binding handle NDIS gave the layer for the binding below; miniport-edge functions take the
 * layer's miniport handle. NDIS routes each to the next layer.
 */
export interface NdisLibrary {
  NdisInitiateOffload(NdisBindingHandle: NdisBindingHandle, OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void;
  NdisTerminateOffload(NdisBindingHandle: NdisBindingHandle, OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void;
  NdisUpdateOffload(NdisBindingHandle: NdisBindingHandle, OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void;
  NdisInvalidateOffload(NdisBindingHandle: NdisBindingHandle, OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void;
  NdisQueryOffloadState(NdisBindingHandle: NdisBindingHandle, OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void;
  NdisMInitiateOffloadComplete(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void;
  NdisMTerminateOffloadComplete(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void;
  NdisMUpdateOffloadComplete(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void;
  NdisMInvalidateOffloadComplete(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void;
  NdisMQueryOffloadStateComplete(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void;
  NdisTcpOffloadEventHandler(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, EventType: number, EventSpecificInformation: number): void;
  NdisMOffloadEventIndicate(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, IndicationCode: number): void;
  NdisMIndicateStatusEx(NdisMiniportHandle: NdisMiniportHandle, StatusIndication: NDIS_STATUS_INDICATION): void;
  /** Posts send data on an offloaded connection; always returns NDIS_STATUS_PENDING (completion comes later). */
  NdisOffloadTcpSend(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST): number;
  /** Closes the send half (graceful: FIN) or the whole connection (abortive: RST); always returns NDIS_STATUS_PENDING. */
  NdisOffloadTcpDisconnect(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST, Flags: number): number;
  /** Completes a disconnect request. */
  NdisTcpOffloadDisconnectComplete(NdisMiniportHandle: NdisMiniportHandle, NetBufferList: NET_BUFFER_LIST): void;
  /** The normal receive path: a frame goes up to the host stack's own TCP/IP. */
  NdisMIndicateReceiveNetBufferLists(NdisMiniportHandle: NdisMiniportHandle, NetBufferLists: ReceivedFrame): void;
  /** Completes send NBLs (a chain, possibly from several requests), each with its Status. */
  NdisTcpOffloadSendComplete(NdisMiniportHandle: NdisMiniportHandle, NetBufferList: NET_BUFFER_LIST): void;
  /** Posts receive buffers on an offloaded connection; always returns NDIS_STATUS_PENDING. */
  NdisOffloadTcpReceive(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST): number;
  /** Completes receive buffers, in posting order. */
  NdisTcpOffloadReceiveComplete(NdisMiniportHandle: NdisMiniportHandle, NetBufferList: NET_BUFFER_LIST): void;
  /**
   * Offers received data to the layer above (Status is always NDIS_STATUS_SUCCESS). Synchronous: a relay
   * made inside a handler gets the result at once; a call that waits in the scheduler returns null, and
   * its result reaches the caller later as `NdisTcpOffloadReceiveHandlerReturned`.
   */
  NdisTcpOffloadReceiveHandler(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST, Status: number): ReceiveIndicateResult | null;
  /** Gives back NBLs kept from receive indications; synchronous, always NDIS_STATUS_SUCCESS (header form: by binding handle). */
  NdisOffloadTcpReceiveReturn(NdisBindingHandle: NdisBindingHandle, NetBufferList: NET_BUFFER_LIST): number;
  /** Forwards TCP segments the host received for an offloaded connection; always returns NDIS_STATUS_PENDING. */
  NdisOffloadTcpForward(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST): number;
  /** Completes forwarded segments. */
  NdisTcpOffloadForwardComplete(NdisMiniportHandle: NdisMiniportHandle, NetBufferList: NET_BUFFER_LIST): void;
}

/** The handle NDIS gives a protocol edge for its binding to the layer below (NdisOpenAdapterEx). */
export interface NdisBindingHandle {
  readonly kind: 'NdisBindingHandle';
  /** Index of the layer that owns the binding (its protocol edge). */
  readonly layer: number;
}

/** The handle NDIS gives a miniport edge (MiniportInitializeEx). */
export interface NdisMiniportHandle {
  readonly kind: 'NdisMiniportHandle';
  readonly layer: number;
}

/** The member of an event union `E` whose `type` can be `K` (also when that member's `type` is a union of names). */
export type EventOfType<E extends { type: string }, K extends E['type']> = E extends { type: infer T } ? (K extends T ? E & { type: K } : never) : never;

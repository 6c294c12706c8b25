/**
 * The chimney calls that cross a layer boundary, as NDIS routes them (reference §5.1-§5.3): each
 * `Ndis*` function a driver calls, the handler NDIS calls in the next layer, and which way it goes;
 * and the arguments each handler receives, by their C parameter names.
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from './blockList.js';
import type { NDIS_OFFLOAD_HANDLE, OffloadContext } from './NDIS_OFFLOAD_HANDLE.js';
import type { NDIS_STATUS } from './NDIS_STATUS.js';
import type { NET_BUFFER_LIST } from './NET_BUFFER_LIST.js';
import type { INDICATE_OFFLOAD_EVENT } from './OFFLOAD_STATE_TYPE.js';
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
  NdisSendNetBufferLists: { handler: 'MiniportSendNetBufferLists', direction: 'down', kind: 'io' },
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

/** A frame on the normal path, reduced to the TCP segment it carries. */
export interface Frame {
  segment: Segment;
}

/** `NDIS_STATUS_INDICATION`, reduced to the status code (PAUSE, UPLOAD_ALL, RESUME). */
export interface NDIS_STATUS_INDICATION {
  StatusCode: NDIS_STATUS;
}

/** What NdisTcpOffloadReceiveHandler returns (reference §6.7): the Status, and how many bytes the host took. */
export interface ReceiveIndicateResult {
  /** NDIS_STATUS_SUCCESS, NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED or NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED. */
  Status: number;
  /** *BytesConsumed. */
  BytesConsumed: number;
}

/** The data I/O handlers of a miniport edge: what NDIS hands them besides the NBLs. */
interface DataIoArgs {
  /** What the caller's handle slot holds: the callee's own context for the connection (null: none). */
  MiniportOffloadContext: OffloadContext | null;
  NetBufferList: NET_BUFFER_LIST;
}

/**
 * The arguments NDIS passes to each miniport-edge handler (intermediate driver or offload target), by
 * handler name. `MiniportAdapterContext` is the driver's own state, passed separately.
 */
export interface MiniportHandlerArgs {
  MiniportInitiateOffload: { OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST };
  MiniportTerminateOffload: { OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST };
  MiniportUpdateOffload: { OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST };
  MiniportInvalidateOffload: { OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST };
  MiniportQueryOffload: { OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST };
  MiniportTcpOffloadSend: DataIoArgs;
  /** One receive buffer (one NET_BUFFER), or a chain of them. */
  MiniportTcpOffloadReceive: DataIoArgs;
  /** One NBL with one (empty) NET_BUFFER; Flags is TCP_DISCONNECT_GRACEFUL_CLOSE or TCP_DISCONNECT_ABORTIVE_CLOSE. */
  MiniportTcpOffloadDisconnect: DataIoArgs & { Flags: number };
  /** One NBL per TCP segment the host received for the connection and did not process. */
  MiniportTcpOffloadForward: DataIoArgs;
  /** The host gives back NBLs it kept from a SUCCESS receive indication (or a terminate's BufferedData). */
  MiniportTcpOffloadReceiveReturn: { NetBufferList: NET_BUFFER_LIST };
  /** The normal (non-offload) send path: a frame the host stack's own TCP built. */
  MiniportSendNetBufferLists: { NetBufferLists: Frame };
}

/**
 * The arguments NDIS passes to each protocol-edge handler (host stack or intermediate driver), by
 * handler name. `ProtocolBindingContext` is the receiver's own state, passed separately.
 */
export interface ProtocolHandlerArgs {
  ProtocolInitiateOffloadComplete: { OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST };
  ProtocolTerminateOffloadComplete: { OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST };
  ProtocolUpdateOffloadComplete: { OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST };
  ProtocolInvalidateOffloadComplete: { OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST };
  ProtocolQueryOffloadComplete: { OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST };
  /** `OffloadContext` is the receiver's own NDIS_OFFLOAD_HANDLE for the connection. */
  ProtocolTcpOffloadEvent: { OffloadContext: NDIS_OFFLOAD_HANDLE; EventType: number; EventSpecificInformation: number };
  ProtocolIndicateOffloadEvent: { OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST; IndicationCode: INDICATE_OFFLOAD_EVENT };
  ProtocolStatusEx: { StatusIndication: NDIS_STATUS_INDICATION };
  /** The normal (non-offload) receive path: a frame the NIC received for a connection it does not own. */
  ProtocolReceiveNetBufferLists: { NetBufferLists: Frame };
  /** Completed send NBLs (a chain; each with its Status). */
  ProtocolTcpOffloadSendComplete: { NetBufferList: NET_BUFFER_LIST };
  /** Completed receive buffers (a chain, in posting order; each with its Status and TcpOffloadBytesTransferred). */
  ProtocolTcpOffloadReceiveComplete: { NetBufferList: NET_BUFFER_LIST };
  /** The disconnect NBL, completed (its Status says whether the FIN was sent and ACKed, or the RST sent). */
  ProtocolTcpOffloadDisconnectComplete: { NetBufferList: NET_BUFFER_LIST };
  /** Completed forwarded segments. */
  ProtocolTcpOffloadForwardComplete: { NetBufferList: NET_BUFFER_LIST };
  /** Received data offered to the layer above (no posted buffer was free); the handler returns its result. */
  ProtocolTcpOffloadReceiveIndicate: { OffloadContext: NDIS_OFFLOAD_HANDLE; NetBufferList: NET_BUFFER_LIST; Status: number };
}

/** What each handler returns: an NDIS_STATUS for the data I/O handlers, the result of a receive indication; nothing otherwise. */
export interface HandlerReturns {
  MiniportTcpOffloadSend: number;
  MiniportTcpOffloadReceive: number;
  MiniportTcpOffloadDisconnect: number;
  MiniportTcpOffloadForward: number;
  MiniportTcpOffloadReceiveReturn: number;
  ProtocolTcpOffloadReceiveIndicate: ReceiveIndicateResult;
}

export type MiniportHandlerName = keyof MiniportHandlerArgs;
export type ProtocolHandlerName = keyof ProtocolHandlerArgs;
export type HandlerArgs = MiniportHandlerArgs & ProtocolHandlerArgs;
export type HandlerName = keyof HandlerArgs;
/** What handler `K` returns. */
export type HandlerReturn<K extends HandlerName> = K extends keyof HandlerReturns ? HandlerReturns[K] : void;

/** A call NDIS delivers to a layer: the handler's name and its arguments. */
export type NdisEdgeEvent = { [K in HandlerName]: { type: K } & HandlerArgs[K] }[HandlerName];
export type MiniportEdgeEvent = { [K in MiniportHandlerName]: { type: K } & MiniportHandlerArgs[K] }[MiniportHandlerName];
export type ProtocolEdgeEvent = { [K in ProtocolHandlerName]: { type: K } & ProtocolHandlerArgs[K] }[ProtocolHandlerName];

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

/** The completions of data I/O calls. */
export type DataCompleteFunction =
  | 'NdisTcpOffloadSendComplete'
  | 'NdisTcpOffloadDisconnectComplete'
  | 'NdisTcpOffloadReceiveComplete'
  | 'NdisTcpOffloadForwardComplete';

/** The data I/O calls a protocol edge makes on an offloaded connection. */
export type DataIoFunction = 'NdisOffloadTcpSend' | 'NdisOffloadTcpDisconnect' | 'NdisOffloadTcpReceive' | 'NdisOffloadTcpForward';

/**
 * A call a miniport edge makes upward, as data: a completion, an indication, a status indication or a
 * frame on the normal receive path. Made by the target on its own, it waits in the scheduler.
 */
export type UpCall =
  | { fn: OffloadCompleteFunction; OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST }
  | { fn: 'NdisTcpOffloadEventHandler'; NdisOffloadHandle: NDIS_OFFLOAD_HANDLE; EventType: number; EventSpecificInformation: number }
  | { fn: 'NdisMOffloadEventIndicate'; OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST; IndicationCode: INDICATE_OFFLOAD_EVENT }
  | { fn: 'NdisMIndicateStatusEx'; StatusIndication: NDIS_STATUS_INDICATION }
  | { fn: 'NdisMIndicateReceiveNetBufferLists'; NetBufferLists: Frame }
  | { fn: DataCompleteFunction; NetBufferList: NET_BUFFER_LIST }
  | { fn: 'NdisTcpOffloadReceiveHandler'; NdisOffloadHandle: NDIS_OFFLOAD_HANDLE; NetBufferList: NET_BUFFER_LIST; Status: number };

/**
 * An up-call that waited in the scheduler and has now returned: the layers above have handled it. For
 * NdisTcpOffloadReceiveHandler, `result` is what the layer above returned.
 */
export type ReturnedCall = UpCall & { result?: ReceiveIndicateResult };

/**
 * The contract of an NDIS intermediate driver, shaped like FreeBSD's `struct toedev`: one optional
 * handler per entry point NDIS calls, named exactly as in the WDK. An IM registers both edges: its
 * miniport edge faces the layer above (the host stack or another IM), its protocol edge the layer
 * below (another IM or the offload target). What a driver leaves out falls back to the reference
 * pass-through driver (`passThroughIntermediateDriver`), so a driver overrides one handler and keeps
 * the rest.
 *
 * A driver's state is plain data that it owns: `init` returns it, and every handler receives it with
 * the call's arguments and the NDIS library it may call. No closures, and no reference into another
 * layer: an NDIS_OFFLOAD_HANDLE is a value its owner looks up in its own state. A driver that keeps
 * the reference handlers keeps the reference state too (start from `passThroughIntermediateDriver.init`).
 */
import type { NdisBindingHandle, NdisMiniportHandle } from '../ndis/calls.js';
import type { NdisHandlerFunction } from './handlers.js';

/** What NDIS gives an intermediate driver when it binds it (MiniportInitializeEx and NdisOpenAdapterEx in C). */
export interface IntermediateDriverParams {
  /** The layer's name in traces: `IM1` is the driver just below the host stack. */
  name: string;
  /** The driver's miniport edge, for NdisMXxx calls (completions and indications going up). */
  NdisMiniportHandle: NdisMiniportHandle;
  /** The driver's binding to the layer below, for NdisXxx calls (requests and data going down). */
  NdisBindingHandle: NdisBindingHandle;
}

export interface IntermediateDriver<S = unknown> {
  /** A name for messages (`pass-through`, `im-relays-with-own-handle`). */
  readonly name?: string;
  /** Makes the driver's state (plain data) when NDIS binds it. */
  init?(params: IntermediateDriverParams): S;

  // ---- miniport edge: the layer above calls these ----
  /** The layer above offloads a tree of state objects (its NdisInitiateOffload); propagate it down, complete it up. */
  MiniportInitiateOffload?: NdisHandlerFunction<S, 'MiniportInitiateOffload'>;
  /** The layer above uploads state objects (its NdisTerminateOffload). */
  MiniportTerminateOffload?: NdisHandlerFunction<S, 'MiniportTerminateOffload'>;
  /** The layer above changes cached variables or re-links paths (its NdisUpdateOffload). */
  MiniportUpdateOffload?: NdisHandlerFunction<S, 'MiniportUpdateOffload'>;
  /** The layer above invalidates state objects (its NdisInvalidateOffload). */
  MiniportInvalidateOffload?: NdisHandlerFunction<S, 'MiniportInvalidateOffload'>;
  /** The layer above queries state objects (its NdisQueryOffloadState). */
  MiniportQueryOffload?: NdisHandlerFunction<S, 'MiniportQueryOffload'>;
  /** The layer above posts send data on an offloaded connection (its NdisOffloadTcpSend); return NDIS_STATUS_PENDING. */
  MiniportTcpOffloadSend?: NdisHandlerFunction<S, 'MiniportTcpOffloadSend'>;
  /** The layer above posts receive buffers (its NdisOffloadTcpReceive); return NDIS_STATUS_PENDING. */
  MiniportTcpOffloadReceive?: NdisHandlerFunction<S, 'MiniportTcpOffloadReceive'>;
  /** The layer above closes a connection, gracefully or abortively (its NdisOffloadTcpDisconnect); return NDIS_STATUS_PENDING. */
  MiniportTcpOffloadDisconnect?: NdisHandlerFunction<S, 'MiniportTcpOffloadDisconnect'>;
  /** The layer above forwards segments it received for an offloaded connection (its NdisOffloadTcpForward); return NDIS_STATUS_PENDING. */
  MiniportTcpOffloadForward?: NdisHandlerFunction<S, 'MiniportTcpOffloadForward'>;
  /** The layer above gives back NBLs it kept from receive indications (its NdisOffloadTcpReceiveReturn); return NDIS_STATUS_SUCCESS. */
  MiniportTcpOffloadReceiveReturn?: NdisHandlerFunction<S, 'MiniportTcpOffloadReceiveReturn'>;
  /** The layer above sends a frame on the normal path (its NdisSendNetBufferLists). */
  MiniportSendNetBufferLists?: NdisHandlerFunction<S, 'MiniportSendNetBufferLists'>;

  // ---- protocol edge: the layer below calls these ----
  /** The layer below completed an initiate this driver propagated (its NdisMInitiateOffloadComplete). */
  ProtocolInitiateOffloadComplete?: NdisHandlerFunction<S, 'ProtocolInitiateOffloadComplete'>;
  /** The layer below completed a terminate (its NdisMTerminateOffloadComplete). */
  ProtocolTerminateOffloadComplete?: NdisHandlerFunction<S, 'ProtocolTerminateOffloadComplete'>;
  /** The layer below completed an update (its NdisMUpdateOffloadComplete). */
  ProtocolUpdateOffloadComplete?: NdisHandlerFunction<S, 'ProtocolUpdateOffloadComplete'>;
  /** The layer below completed an invalidate (its NdisMInvalidateOffloadComplete). */
  ProtocolInvalidateOffloadComplete?: NdisHandlerFunction<S, 'ProtocolInvalidateOffloadComplete'>;
  /** The layer below completed a query (its NdisMQueryOffloadStateComplete). */
  ProtocolQueryOffloadComplete?: NdisHandlerFunction<S, 'ProtocolQueryOffloadComplete'>;
  /** The layer below indicates a TCP_OFFLOAD_EVENT_TYPE event with this driver's handle (its NdisTcpOffloadEventHandler). */
  ProtocolTcpOffloadEvent?: NdisHandlerFunction<S, 'ProtocolTcpOffloadEvent'>;
  /** The layer below indicates NeighborReachabilityQuery (its NdisMOffloadEventIndicate). */
  ProtocolIndicateOffloadEvent?: NdisHandlerFunction<S, 'ProtocolIndicateOffloadEvent'>;
  /** The layer below indicates an adapter status: OFFLOAD_PAUSE, UPLOAD_ALL, OFFLOAD_RESUME (its NdisMIndicateStatusEx). */
  ProtocolStatusEx?: NdisHandlerFunction<S, 'ProtocolStatusEx'>;
  /** The layer below passes up a frame on the normal receive path (its NdisMIndicateReceiveNetBufferLists). */
  ProtocolReceiveNetBufferLists?: NdisHandlerFunction<S, 'ProtocolReceiveNetBufferLists'>;
  /** The layer below completed sends (its NdisTcpOffloadSendComplete). */
  ProtocolTcpOffloadSendComplete?: NdisHandlerFunction<S, 'ProtocolTcpOffloadSendComplete'>;
  /** The layer below completed receive buffers (its NdisTcpOffloadReceiveComplete). */
  ProtocolTcpOffloadReceiveComplete?: NdisHandlerFunction<S, 'ProtocolTcpOffloadReceiveComplete'>;
  /** The layer below completed a disconnect (its NdisTcpOffloadDisconnectComplete). */
  ProtocolTcpOffloadDisconnectComplete?: NdisHandlerFunction<S, 'ProtocolTcpOffloadDisconnectComplete'>;
  /** The layer below completed forwarded segments (its NdisTcpOffloadForwardComplete). */
  ProtocolTcpOffloadForwardComplete?: NdisHandlerFunction<S, 'ProtocolTcpOffloadForwardComplete'>;
  /** The layer below offers received data with this driver's handle (its NdisTcpOffloadReceiveHandler); return the result. */
  ProtocolTcpOffloadReceiveIndicate?: NdisHandlerFunction<S, 'ProtocolTcpOffloadReceiveIndicate'>;
}

/** The handler names of an intermediate driver, in the order above. */
export const INTERMEDIATE_DRIVER_HANDLERS = [
  'MiniportInitiateOffload',
  'MiniportTerminateOffload',
  'MiniportUpdateOffload',
  'MiniportInvalidateOffload',
  'MiniportQueryOffload',
  'MiniportTcpOffloadSend',
  'MiniportTcpOffloadReceive',
  'MiniportTcpOffloadDisconnect',
  'MiniportTcpOffloadForward',
  'MiniportTcpOffloadReceiveReturn',
  'MiniportSendNetBufferLists',
  'ProtocolInitiateOffloadComplete',
  'ProtocolTerminateOffloadComplete',
  'ProtocolUpdateOffloadComplete',
  'ProtocolInvalidateOffloadComplete',
  'ProtocolQueryOffloadComplete',
  'ProtocolTcpOffloadEvent',
  'ProtocolIndicateOffloadEvent',
  'ProtocolStatusEx',
  'ProtocolReceiveNetBufferLists',
  'ProtocolTcpOffloadSendComplete',
  'ProtocolTcpOffloadReceiveComplete',
  'ProtocolTcpOffloadDisconnectComplete',
  'ProtocolTcpOffloadForwardComplete',
  'ProtocolTcpOffloadReceiveIndicate',
] as const satisfies ReadonlyArray<keyof IntermediateDriver>;

/** An intermediate driver of any state type (what createSimulation accepts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyIntermediateDriver = IntermediateDriver<any>;

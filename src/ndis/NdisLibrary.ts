/**
 * What a driver may call: the NDIS library as seen from one layer, with the C parameter names.
 * Protocol-edge functions take the binding handle NDIS gave the layer for the binding below;
 * miniport-edge functions take the layer's miniport handle; NDIS routes each to the next layer.
 * Besides the chimney calls it offers the few services a driver needs from the system: NBLs, timers,
 * and DbgPrint for narration.
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from './blockList.js';
import type { NdisBindingHandle, NdisMiniportHandle, NDIS_STATUS_INDICATION, Frame, ReceiveIndicateResult } from './calls.js';
import type { NDIS_OFFLOAD_HANDLE } from './NDIS_OFFLOAD_HANDLE.js';
import type { NET_BUFFER_LIST, Reserved } from './NET_BUFFER_LIST.js';
import type { INDICATE_OFFLOAD_EVENT } from './OFFLOAD_STATE_TYPE.js';

export interface NdisLibrary {
  // ---- state manipulation: a protocol edge asks the layer below (completed later) ----
  /** Offloads a tree of state objects (MiniportInitiateOffload below). */
  NdisInitiateOffload(NdisBindingHandle: NdisBindingHandle, OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void;
  /** Uploads state objects (MiniportTerminateOffload below). */
  NdisTerminateOffload(NdisBindingHandle: NdisBindingHandle, OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void;
  /** Changes cached variables, or re-links paths to a neighbor (MiniportUpdateOffload below). */
  NdisUpdateOffload(NdisBindingHandle: NdisBindingHandle, OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void;
  /** Marks objects invalid (MiniportInvalidateOffload below). */
  NdisInvalidateOffload(NdisBindingHandle: NdisBindingHandle, OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void;
  /** Reads the current state of objects (MiniportQueryOffload below). */
  NdisQueryOffloadState(NdisBindingHandle: NdisBindingHandle, OffloadBlockList: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void;

  // ---- their completions: a miniport edge answers the layer above, with the root it was given ----
  NdisMInitiateOffloadComplete(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void;
  NdisMTerminateOffloadComplete(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void;
  NdisMUpdateOffloadComplete(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void;
  NdisMInvalidateOffloadComplete(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void;
  NdisMQueryOffloadStateComplete(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void;

  // ---- indications: a miniport edge tells the layer above ----
  /**
   * One of the four TCP_OFFLOAD_EVENT_TYPE events about one connection, with the upper layer's handle for it.
   * EventType stays a number: NDIS passes any value, and the rulebook judges an illegal one.
   */
  NdisTcpOffloadEventHandler(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, EventType: number, EventSpecificInformation: number): void;
  /** NeighborReachabilityQuery about a neighbor (a single neighbor block list). */
  NdisMOffloadEventIndicate(NdisMiniportHandle: NdisMiniportHandle, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, IndicationCode: INDICATE_OFFLOAD_EVENT): void;
  /** Adapter-wide status: NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_UPLOAD_ALL, NDIS_STATUS_OFFLOAD_RESUME. */
  NdisMIndicateStatusEx(NdisMiniportHandle: NdisMiniportHandle, StatusIndication: NDIS_STATUS_INDICATION): void;
  /** The normal send path: a frame the host stack's own TCP built goes down to the NIC (nothing completes it here). */
  NdisSendNetBufferLists(NdisBindingHandle: NdisBindingHandle, NetBufferLists: Frame): void;
  /** The normal receive path: a frame goes up to the host stack's own TCP/IP. */
  NdisMIndicateReceiveNetBufferLists(NdisMiniportHandle: NdisMiniportHandle, NetBufferLists: Frame): void;

  // ---- data I/O: a protocol edge posts on an offloaded connection (always NDIS_STATUS_PENDING) ----
  /** Posts send data. */
  NdisOffloadTcpSend(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST): number;
  /** Closes the send half (graceful: FIN) or the whole connection (abortive: RST). */
  NdisOffloadTcpDisconnect(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST, Flags: number): number;
  /** Posts receive buffers. */
  NdisOffloadTcpReceive(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST): number;
  /** Forwards TCP segments the host received for an offloaded connection. */
  NdisOffloadTcpForward(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST): number;
  /** Gives back NBLs kept from receive indications; synchronous, always NDIS_STATUS_SUCCESS (header form: by binding handle). */
  NdisOffloadTcpReceiveReturn(NdisBindingHandle: NdisBindingHandle, NetBufferList: NET_BUFFER_LIST): number;

  // ---- their completions, and received data offered up ----
  /** Completes send NBLs (a chain, possibly from several requests), each with its Status. */
  NdisTcpOffloadSendComplete(NdisMiniportHandle: NdisMiniportHandle, NetBufferList: NET_BUFFER_LIST): void;
  /** Completes a disconnect request. */
  NdisTcpOffloadDisconnectComplete(NdisMiniportHandle: NdisMiniportHandle, NetBufferList: NET_BUFFER_LIST): void;
  /** Completes receive buffers, in posting order. */
  NdisTcpOffloadReceiveComplete(NdisMiniportHandle: NdisMiniportHandle, NetBufferList: NET_BUFFER_LIST): void;
  /** Completes forwarded segments. */
  NdisTcpOffloadForwardComplete(NdisMiniportHandle: NdisMiniportHandle, NetBufferList: NET_BUFFER_LIST): void;
  /**
   * Offers received data to the layer above (Status is always NDIS_STATUS_SUCCESS). Synchronous: a relay
   * made inside a handler gets the result at once; a call that waits in the scheduler returns null, and
   * its result reaches the caller later, in its CallReturned handler.
   */
  NdisTcpOffloadReceiveHandler(NdisOffloadHandle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST, Status: number): ReceiveIndicateResult | null;

  // ---- system services ----
  /**
   * A new NBL holding stream bytes [DataOffset, DataOffset + DataLength) of `connection` (its label, for
   * traces), numbered in one sequence for the whole simulation (`NBL#7`). The C function takes a pool
   * and context sizes; here the pool is the simulation's.
   */
  NdisAllocateNetBufferList(connection: string, DataOffset: number, DataLength: number): NET_BUFFER_LIST;
  /**
   * Arms a one-shot timer named `TimerObject` (it names the timer in traces: `push timer of tcp c1`)
   * about `object`; when it fires, NDIS calls the layer's NetTimerCallback with `FunctionContext`.
   * The timer is a pending item like any other, so its expiry can be scripted against calls and segments.
   * `DueTimeUs`: virtual microseconds until it may fire (the C DueTime, relative); default 500 ms.
   */
  NdisSetTimerObject(TimerObject: string, FunctionContext: Reserved, object: string, DueTimeUs?: number, afterSegmentsOf?: string): void;
  /**
   * Cancels the layer's pending timer named `TimerObject` (every one of that name); true when one was
   * pending. `afterSegmentsOf` above (not in the C call): a TCP timer of that connection (fourTupleText)
   * does not fire while a segment of the connection is still on the wire — in virtual time a timeout
   * (≥ 200 ms) outlasts a segment's flight (200 µs), but a FIFO delivery order would otherwise fire the
   * retransmit timer before the ACK already on its way.
   */
  NdisCancelTimerObject(TimerObject: string): boolean;
  /** The virtual time now, in microseconds since the simulation started (the C function counts 100 ns since 1601). */
  NdisGetCurrentSystemTime(): number;
  /**
   * Narration, not an NDIS function: the kernel's debug print, recorded in the trace as the layer's
   * decision. Pass a function to build the text only when somebody reads the trace.
   */
  DbgPrint(text: string | (() => string), object?: string): void;
}

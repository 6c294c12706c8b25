/**
 * The contract of an offload target (a chimney-capable miniport and its NIC), shaped like FreeBSD's
 * `struct toedev`: one optional handler per Miniport* entry point NDIS calls, named exactly as in the
 * WDK, plus what the network and the NIC give it (segments from the wire, its timers, hardware events)
 * and what a test or scenario makes it decide (an indication, a planned failure). What a target leaves
 * out falls back to the reference target (`referenceOffloadTarget`), so a target overrides one handler
 * and keeps the rest.
 *
 * A target's state is plain data that it owns: `init` returns it, and every handler receives it with
 * the call's arguments, the NDIS library, and the NIC's own services (its port on the wire). A target
 * that keeps the reference handlers keeps the reference state too (start from `referenceOffloadTarget.init`).
 */
import type { Frame, HandlerReturn, MiniportHandlerArgs, MiniportHandlerName, NdisMiniportHandle, ReturnedCall } from '../ndis/calls.js';
import type { NdisLibrary } from '../ndis/NdisLibrary.js';
import type { NDIS_STATUS } from '../ndis/NDIS_STATUS.js';
import type { Reserved } from '../ndis/NET_BUFFER_LIST.js';
import type { FourTuple } from '../wire/FourTuple.js';
import type { TcpTimerParameters } from '../ndis/TcpTimerParameters.js';
import type { Segment } from '../wire/Segment.js';

/** How many objects of each layer the target can hold. */
export interface TargetCapacity {
  Neighbor: number;
  Path: number;
  Tcp: number;
}

/** What NDIS (and the simulation) gives a target when it binds it. */
export interface OffloadTargetParams {
  /** The layer's name in traces: `target`. */
  name: string;
  /** The target's miniport edge, for NdisMXxx calls (completions and indications going up). */
  NdisMiniportHandle: NdisMiniportHandle;
  /** How many objects of each layer it may hold (the simulation's option; a target may ignore it). */
  capacity: TargetCapacity;
  /** The TCP timers' numbers, as the host sets OID_TCP_CONNECTION_OFFLOAD_PARAMETERS (reference §3.4); a target may ignore them. */
  tcpTimers?: TcpTimerParameters;
}

/** The NIC's own services: not NDIS, the hardware. */
export interface NicServices {
  /** Puts a segment the target's own TCP built on the wire to the remote peer. */
  transmit(segment: Segment): void;
  /** Puts a frame the host stack built (the normal send path) on the wire to the remote peer. */
  sendFrame(frame: Frame): void;
}

/** The arguments of the target's handlers that are not NDIS entry points, by handler name. */
export interface NicHandlerArgs {
  CallReturned: ReturnedCall;
  NetTimerCallback: { TimerObject: string; FunctionContext: Reserved };
  ReceiveSegment: { segment: Segment };
  HardwareFailure: { connection: FourTuple };
  /** A scripted event: EventType may be any value (the rulebook judges an illegal one). */
  IndicateTcpEvent: { connection: FourTuple; EventType: number; EventSpecificInformation: number };
  IndicateStatus: { StatusCode: NDIS_STATUS };
  IndicateNeighborReachabilityQuery: { connection: FourTuple; NicReachabilityDelta: number };
  PlanInitiateFailure: { connection: FourTuple; Status: NDIS_STATUS };
}

/** What the network, the NIC or a test gives a target: a handler's name and its arguments. */
export type TargetNicEvent = { [K in Exclude<keyof NicHandlerArgs, 'CallReturned' | 'NetTimerCallback'>]: { type: K } & NicHandlerArgs[K] }[Exclude<
  keyof NicHandlerArgs,
  'CallReturned' | 'NetTimerCallback'
>];

/** A target handler that is not an NDIS entry point: the network, the NIC or a test gives it something. */
export type NicHandler<S, K extends keyof NicHandlerArgs> = (state: S, args: NicHandlerArgs[K], ndis: NdisLibrary, nic: NicServices) => void;

/** A Miniport* handler of a target: as an intermediate driver's, with the NIC's services besides. */
export type TargetHandler<S, K extends MiniportHandlerName> = (state: S, args: MiniportHandlerArgs[K], ndis: NdisLibrary, nic: NicServices) => HandlerReturn<K>;

/** The Miniport* entry points of a target. */
export const TARGET_MINIPORT_HANDLERS = [
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
] as const satisfies readonly MiniportHandlerName[];

/** The handlers that are not NDIS entry points. */
export const TARGET_NIC_HANDLERS = [
  'CallReturned',
  'NetTimerCallback',
  'ReceiveSegment',
  'HardwareFailure',
  'IndicateTcpEvent',
  'IndicateStatus',
  'IndicateNeighborReachabilityQuery',
  'PlanInitiateFailure',
] as const;

export interface OffloadTarget<S = unknown> {
  /** A name for messages (`reference`, `target-drops-send-chain-on-upload`). */
  readonly name?: string;
  /** Makes the target's state (plain data) when NDIS binds it. */
  init?(params: OffloadTargetParams): S;

  // ---- Miniport* entry points: the layer above (an IM, or the host stack) calls these ----
  /** Offload a tree of state objects: walk it depth-first, write every Status, complete with NdisMInitiateOffloadComplete. */
  MiniportInitiateOffload?: TargetHandler<S, 'MiniportInitiateOffload'>;
  /** Upload state objects: hand back delegated state and data, complete with NdisMTerminateOffloadComplete. */
  MiniportTerminateOffload?: TargetHandler<S, 'MiniportTerminateOffload'>;
  /** Apply cached variables, or re-link paths to a neighbor; complete with NdisMUpdateOffloadComplete. */
  MiniportUpdateOffload?: TargetHandler<S, 'MiniportUpdateOffload'>;
  /** Mark objects invalid, complete, then ask to upload each affected connection. */
  MiniportInvalidateOffload?: TargetHandler<S, 'MiniportInvalidateOffload'>;
  /** Write the current state into the structures that follow each node; complete. */
  MiniportQueryOffload?: TargetHandler<S, 'MiniportQueryOffload'>;
  /** Queue send data (FIFO) and return NDIS_STATUS_PENDING; complete it once the peer acknowledged it. */
  MiniportTcpOffloadSend?: TargetHandler<S, 'MiniportTcpOffloadSend'>;
  /** Queue receive buffers (FIFO) and return NDIS_STATUS_PENDING. */
  MiniportTcpOffloadReceive?: TargetHandler<S, 'MiniportTcpOffloadReceive'>;
  /** Send a FIN (graceful) or an RST (abortive); return NDIS_STATUS_PENDING. */
  MiniportTcpOffloadDisconnect?: TargetHandler<S, 'MiniportTcpOffloadDisconnect'>;
  /** Process segments the host forwards; return NDIS_STATUS_PENDING. */
  MiniportTcpOffloadForward?: TargetHandler<S, 'MiniportTcpOffloadForward'>;
  /** Take back NBLs lent to the host; return NDIS_STATUS_SUCCESS. */
  MiniportTcpOffloadReceiveReturn?: TargetHandler<S, 'MiniportTcpOffloadReceiveReturn'>;
  /** The host stack sends a frame on the normal path: put it on the wire (NicServices.sendFrame). */
  MiniportSendNetBufferLists?: TargetHandler<S, 'MiniportSendNetBufferLists'>;

  // ---- not NDIS entry points ----
  /**
   * NDIS: an up-call this target made, which waited in the scheduler, has returned (the layers above have
   * handled it). In C the code after the call runs then; NdisTcpOffloadReceiveHandler's result comes here.
   */
  CallReturned?: NicHandler<S, 'CallReturned'>;
  /** A timer set with NdisSetTimerObject has fired. */
  NetTimerCallback?: NicHandler<S, 'NetTimerCallback'>;
  /** The NIC received a segment from the wire. */
  ReceiveSegment?: NicHandler<S, 'ReceiveSegment'>;
  /** The NIC's state for a connection becomes corrupt (reference §6.2): its next query, invalidate or terminate fails. */
  HardwareFailure?: NicHandler<S, 'HardwareFailure'>;
  /** A test or scenario makes the target raise NdisTcpOffloadEventHandler for the connection with this 4-tuple. */
  IndicateTcpEvent?: NicHandler<S, 'IndicateTcpEvent'>;
  /** A test or scenario makes the target raise NdisMIndicateStatusEx (OFFLOAD_PAUSE, UPLOAD_ALL, OFFLOAD_RESUME). */
  IndicateStatus?: NicHandler<S, 'IndicateStatus'>;
  /** A test or scenario makes the target find a connection's neighbor stale (NdisMOffloadEventIndicate). */
  IndicateNeighborReachabilityQuery?: NicHandler<S, 'IndicateNeighborReachabilityQuery'>;
  /** A test or scenario arranges that the next initiate of this connection fails with `Status`. */
  PlanInitiateFailure?: NicHandler<S, 'PlanInitiateFailure'>;
}

/** Every handler name of a target. */
export const OFFLOAD_TARGET_HANDLERS = [...TARGET_MINIPORT_HANDLERS, ...TARGET_NIC_HANDLERS] as const;

/** An offload target of any state type (what createSimulation accepts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOffloadTarget = OffloadTarget<any>;

/**
 * The offload target (NIC + miniport): a handler table NDIS calls directly (its Miniport* handlers); it
 * owns one context area per offloaded object, completes every state operation asynchronously (the
 * completion becomes a pending item), raises indications with the NdisOffloadHandle it stored, and
 * hands delegated state back on terminate. Commands from outside (`Indicate*`, `PlanInitiateFailure`)
 * play the network and the NIC's own decisions.
 */
import type { EventOfType, MiniportEdgeEvent } from '../../ndis/calls.js';
import { HandleAllocator, type NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { NdisLibrary, NdisMiniportHandle } from '../../ndis/calls.js';
import type { LayerReporter } from '../LayerReporter.js';
import { DelegatedTcpStore } from './DelegatedTcpStore.js';
import type { OffloadTargetContext, TargetCapacity } from './OffloadTargetContext.js';
import { indicateNeighborReachabilityQuery, indicateStatus, indicateTcpEvent } from './targetIndications.js';
import { MiniportInitiateOffload, MiniportInvalidateOffload, MiniportQueryOffload, MiniportUpdateOffload } from './targetOperations.js';
import { MiniportTerminateOffload } from './targetTerminate.js';
import {
  initiateCompleteReturned, MiniportTcpOffloadReceive, MiniportTcpOffloadReceiveReturn, pushTimerExpired, receiveIndicateReturned,
} from './targetReceive.js';
import { MiniportTcpOffloadForward } from './targetForward.js';
import { hardwareFailure, hardwareFailureCompleteReturned } from './targetHardwareFailure.js';
import { fourTupleText, type FourTuple } from './TargetObject.js';
import { MiniportTcpOffloadSend } from './targetSend.js';
import { receiveSegment } from './targetSegments.js';
import { MiniportTcpOffloadDisconnect } from './targetDisconnect.js';
import type { Segment } from '../../wire/Segment.js';
import type { NblSerials } from '../../ndis/NET_BUFFER_LIST.js';

export type { OffloadTargetContext, TargetCapacity } from './OffloadTargetContext.js';

export interface OffloadTargetInput {
  name: string;
  ndis: NdisLibrary;
  miniportHandle: NdisMiniportHandle;
  capacity: TargetCapacity;
  report: LayerReporter;
  /** Deliberate fault, for negative tests: drops the outstanding send chain on upload. */
  dropsSendChainOnUpload?: boolean;
  /** Deliberate fault, for negative tests: drops buffered receive data on upload. */
  dropsBufferedDataOnUpload?: boolean;
  /** NBL serial numbers, shared with the host. */
  nbls: NblSerials;
  /** Starts a timer (a pending item); `event` comes back to the target when it expires. */
  startTimer: (label: string, object: string, event: OffloadTargetCommand) => void;
  /** Whether its NdisMInitiateOffloadComplete about this handle is still on its way. */
  initiateCompletionPending: (handle: NDIS_OFFLOAD_HANDLE) => boolean;
  /** The NIC's port on the wire. */
  transmit: (s: Segment) => void;
}

/** Commands that make the target act on its own (the network, the NIC's resources, a test). */
export type OffloadTargetCommand =
  /** Raise NdisTcpOffloadEventHandler for the connection with this 4-tuple. */
  | { type: 'IndicateTcpEvent'; connection: FourTuple; EventType: number; EventSpecificInformation: number }
  /** Raise NdisMIndicateStatusEx (OFFLOAD_PAUSE, UPLOAD_ALL, OFFLOAD_RESUME). */
  | { type: 'IndicateStatus'; StatusCode: number }
  /** Raise NdisMOffloadEventIndicate(NeighborReachabilityQuery) for the neighbor of this connection. */
  | { type: 'IndicateNeighborReachabilityQuery'; connection: FourTuple; NicReachabilityDelta: number }
  /** The next initiate of this connection fails with this status. */
  | { type: 'PlanInitiateFailure'; connection: FourTuple; Status: number }
  /** The NIC received a segment from the wire. */
  | { type: 'ReceiveSegment'; segment: Segment }
  /** The NIC's state for this connection becomes corrupt: its next query, invalidate or terminate fails (reference §6.2). */
  | { type: 'HardwareFailure'; connection: FourTuple }
  /** A connection's push timer expired (the object is named by its 4-tuple and serial, as it may be gone). */
  | { type: 'PushTimerExpired'; connection: FourTuple; serial: number };

export type OffloadTargetEvent = MiniportEdgeEvent | OffloadTargetCommand;

type Handlers = { [K in OffloadTargetEvent['type']]: (c: OffloadTargetContext, event: EventOfType<OffloadTargetEvent, K>) => void };

/** The target's handlers, by the name NDIS (or the network, the NIC) calls them with. */
const TARGET_HANDLERS: Handlers = {
  MiniportInitiateOffload: (c, e) => MiniportInitiateOffload(c, e.OffloadBlockList),
  MiniportTerminateOffload: (c, e) => MiniportTerminateOffload(c, e.OffloadBlockList),
  MiniportUpdateOffload: (c, e) => MiniportUpdateOffload(c, e.OffloadBlockList),
  MiniportInvalidateOffload: (c, e) => MiniportInvalidateOffload(c, e.OffloadBlockList),
  MiniportQueryOffload: (c, e) => MiniportQueryOffload(c, e.OffloadBlockList),
  IndicateTcpEvent: indicateTcpEvent,
  IndicateStatus: indicateStatus,
  IndicateNeighborReachabilityQuery: indicateNeighborReachabilityQuery,
  /** The NIC received a segment from the wire. */
  ReceiveSegment: (c, e) => receiveSegment(c, e.segment),
  MiniportTcpOffloadSend,
  MiniportTcpOffloadDisconnect,
  MiniportTcpOffloadReceive,
  MiniportTcpOffloadReceiveReturn,
  MiniportTcpOffloadForward,
  NdisTcpOffloadReceiveHandlerReturned: (c, e) => receiveIndicateReturned(c, e.NetBufferList, e.result),
  HardwareFailure: hardwareFailure,
  NdisMOffloadCompleteReturned: (c, e) => {
    if (e.op === 'Initiate') initiateCompleteReturned(c, e.OffloadBlockList);
    else hardwareFailureCompleteReturned(c, e.OffloadBlockList);
  },
  PushTimerExpired: (c, e) => pushTimerExpired(c, e.connection, e.serial),
  /** The next initiate of this connection fails with this status (a test or scenario arranges it). */
  PlanInitiateFailure: (c, e) => {
    c.plannedFailures.set(fourTupleText(e.connection), e.Status);
  },
};

/** The target's context, made from its input. */
export function createOffloadTargetContext(input: OffloadTargetInput): OffloadTargetContext {
  return {
    name: input.name,
    ndis: input.ndis,
    miniportHandle: input.miniportHandle,
    capacity: { ...input.capacity },
    used: { Neighbor: 0, Path: 0, Tcp: 0 },
    paths: new Map(),
    delegated: new DelegatedTcpStore(),
    plannedFailures: new Map(),
    serials: new HandleAllocator(input.name),
    report: input.report,
    dropsSendChainOnUpload: input.dropsSendChainOnUpload ?? false,
    dropsBufferedDataOnUpload: input.dropsBufferedDataOnUpload ?? false,
    transmit: input.transmit,
    nbls: input.nbls,
    receiveNbls: new Map(),
    pendingTerminates: [],
    resetConnections: new Set(),
    receives: new Map(),
    hardwareReports: new Map(),
    startTimer: input.startTimer,
    initiateCompletionPending: input.initiateCompletionPending,
  };
}

/** Calls the target's handler for an event (an NDIS call, or something the network or the NIC does). */
export function offloadTargetReceive(c: OffloadTargetContext, event: OffloadTargetEvent): void {
  (TARGET_HANDLERS[event.type] as (c: OffloadTargetContext, e: OffloadTargetEvent) => void)(c, event);
}

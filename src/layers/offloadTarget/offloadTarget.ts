/**
 * The offload target (NIC + miniport) as an xstate machine. NDIS calls its Miniport* handlers; it
 * owns one context area per offloaded object, completes every state operation asynchronously (the
 * completion becomes a pending item), raises indications with the NdisOffloadHandle it stored, and
 * hands delegated state back on terminate. Commands from outside (`Indicate*`, `PlanInitiateFailure`)
 * play the network and the NIC's own decisions.
 */
import { setup } from 'xstate';
import type { MiniportEdgeEvent } from '../../ndis/calls.js';
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

export const offloadTargetMachine = setup({
  types: {
    context: {} as OffloadTargetContext,
    events: {} as OffloadTargetEvent,
    input: {} as OffloadTargetInput,
  },
  actions: {
    MiniportInitiateOffload: ({ context, event }) => event.type === 'MiniportInitiateOffload' && MiniportInitiateOffload(context, event.OffloadBlockList),
    MiniportTerminateOffload: ({ context, event }) => event.type === 'MiniportTerminateOffload' && MiniportTerminateOffload(context, event.OffloadBlockList),
    MiniportUpdateOffload: ({ context, event }) => event.type === 'MiniportUpdateOffload' && MiniportUpdateOffload(context, event.OffloadBlockList),
    MiniportInvalidateOffload: ({ context, event }) => event.type === 'MiniportInvalidateOffload' && MiniportInvalidateOffload(context, event.OffloadBlockList),
    MiniportQueryOffload: ({ context, event }) => event.type === 'MiniportQueryOffload' && MiniportQueryOffload(context, event.OffloadBlockList),
    IndicateTcpEvent: ({ context, event }) => event.type === 'IndicateTcpEvent' && indicateTcpEvent(context, event),
    IndicateStatus: ({ context, event }) => event.type === 'IndicateStatus' && indicateStatus(context, event),
    IndicateNeighborReachabilityQuery: ({ context, event }) =>
      event.type === 'IndicateNeighborReachabilityQuery' && indicateNeighborReachabilityQuery(context, event),
    /** The NIC received a segment from the wire. */
    ReceiveSegment: ({ context, event }) => event.type === 'ReceiveSegment' && receiveSegment(context, event.segment),
    MiniportTcpOffloadSend: ({ context, event }) => event.type === 'MiniportTcpOffloadSend' && MiniportTcpOffloadSend(context, event),
    MiniportTcpOffloadDisconnect: ({ context, event }) =>
      event.type === 'MiniportTcpOffloadDisconnect' && MiniportTcpOffloadDisconnect(context, event),
    MiniportTcpOffloadReceive: ({ context, event }) => event.type === 'MiniportTcpOffloadReceive' && MiniportTcpOffloadReceive(context, event),
    MiniportTcpOffloadReceiveReturn: ({ context, event }) =>
      event.type === 'MiniportTcpOffloadReceiveReturn' && MiniportTcpOffloadReceiveReturn(context, event),
    MiniportTcpOffloadForward: ({ context, event }) => event.type === 'MiniportTcpOffloadForward' && MiniportTcpOffloadForward(context, event),
    NdisTcpOffloadReceiveHandlerReturned: ({ context, event }) =>
      event.type === 'NdisTcpOffloadReceiveHandlerReturned' && receiveIndicateReturned(context, event.NetBufferList, event.result),
    HardwareFailure: ({ context, event }) => event.type === 'HardwareFailure' && hardwareFailure(context, event),
    NdisMOffloadCompleteReturned: ({ context, event }) => {
      if (event.type !== 'NdisMOffloadCompleteReturned') return;
      if (event.op === 'Initiate') initiateCompleteReturned(context, event.OffloadBlockList);
      else hardwareFailureCompleteReturned(context, event.OffloadBlockList);
    },
    PushTimerExpired: ({ context, event }) => event.type === 'PushTimerExpired' && pushTimerExpired(context, event.connection, event.serial),
    /** The next initiate of this connection fails with this status (a test or scenario arranges it). */
    PlanInitiateFailure: ({ context, event }) => {
      if (event.type === 'PlanInitiateFailure') context.plannedFailures.set(fourTupleText(event.connection), event.Status);
    },
  },
}).createMachine({
  id: 'offloadTarget',
  context: ({ input }) => ({
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
  }),
  on: {
    MiniportInitiateOffload: { actions: 'MiniportInitiateOffload' },
    MiniportTerminateOffload: { actions: 'MiniportTerminateOffload' },
    MiniportUpdateOffload: { actions: 'MiniportUpdateOffload' },
    MiniportInvalidateOffload: { actions: 'MiniportInvalidateOffload' },
    MiniportQueryOffload: { actions: 'MiniportQueryOffload' },
    IndicateTcpEvent: { actions: 'IndicateTcpEvent' },
    IndicateStatus: { actions: 'IndicateStatus' },
    IndicateNeighborReachabilityQuery: { actions: 'IndicateNeighborReachabilityQuery' },
    PlanInitiateFailure: { actions: 'PlanInitiateFailure' },
    MiniportTcpOffloadSend: { actions: 'MiniportTcpOffloadSend' },
    ReceiveSegment: { actions: 'ReceiveSegment' },
    MiniportTcpOffloadDisconnect: { actions: 'MiniportTcpOffloadDisconnect' },
    MiniportTcpOffloadReceive: { actions: 'MiniportTcpOffloadReceive' },
    MiniportTcpOffloadReceiveReturn: { actions: 'MiniportTcpOffloadReceiveReturn' },
    MiniportTcpOffloadForward: { actions: 'MiniportTcpOffloadForward' },
    NdisTcpOffloadReceiveHandlerReturned: { actions: 'NdisTcpOffloadReceiveHandlerReturned' },
    PushTimerExpired: { actions: 'PushTimerExpired' },
    HardwareFailure: { actions: 'HardwareFailure' },
    NdisMOffloadCompleteReturned: { actions: 'NdisMOffloadCompleteReturned' },
  },
});

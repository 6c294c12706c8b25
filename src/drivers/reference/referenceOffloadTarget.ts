/**
 * The reference offload target (NIC + miniport): one context area per offloaded object, every state
 * operation completed asynchronously, indications raised with the NdisOffloadHandle it stored,
 * delegated state and data handed back on terminate, and a TCP of its own for offloaded connections
 * (send, receive with posted buffers and indications, disconnect, forward, reset, urgent data, corrupt
 * hardware). Copy it to start a target of your own, or override one handler and keep the rest
 * (`{ ...referenceOffloadTarget, MiniportQueryOffload: ... }`).
 */
import { isPersistTimerContext, persistTimerExpired } from './target/persistTimer.js';
import { advertiseAtTarget } from './target/targetWindow.js';
import { blocksOf } from '../../ndis/blockList.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { fourTupleText } from '../../wire/FourTuple.js';
import type { OffloadTarget } from '../OffloadTarget.js';
import { objectOf, type TargetCall } from './target/TargetCall.js';
import { MiniportInitiateOffload, MiniportInvalidateOffload, MiniportQueryOffload, MiniportUpdateOffload } from './target/targetOperations.js';
import { MiniportTerminateOffload } from './target/targetTerminate.js';
import { MiniportTcpOffloadSend, resendOutstanding } from './target/targetSend.js';
import { MiniportTcpOffloadDisconnect } from './target/targetDisconnect.js';
import { MiniportTcpOffloadForward } from './target/targetForward.js';
import { initiateCompleteReturned } from './target/initiateCompleteReturned.js';
import { MiniportTcpOffloadReceive } from './target/MiniportTcpOffloadReceive.js';
import { MiniportTcpOffloadReceiveReturn } from './target/MiniportTcpOffloadReceiveReturn.js';
import { isPushTimerContext, pushTimerExpired } from './target/pushTimerExpired.js';
import { isRetransmitTimerContext, retransmitTimerExpired } from './target/targetRetransmit.js';
import { delayedAckTimerExpired, isDelayedAckTimerContext } from './target/targetDelayedAck.js';
import { isKeepAliveTimerContext, keepAliveTimerExpired } from './target/targetKeepAlive.js';
import { receiveIndicateReturned } from './target/receiveIndicateReturned.js';
import { receiveSegment } from './target/targetSegments.js';
import { indicateNeighborReachabilityQuery, indicateStatus, indicateTcpEvent } from './target/targetIndications.js';
import { hardwareFailure, hardwareFailureCompleteReturned } from './target/targetHardwareFailure.js';
import type { TargetObject, TargetState } from './target/TargetState.js';

export type { TargetObject, TargetReceive, TargetState } from './target/TargetState.js';
export { TargetFlags } from './target/TargetState.js';

export const referenceOffloadTarget: OffloadTarget<TargetState> & Required<Omit<OffloadTarget<TargetState>, 'name'>> = {
  name: 'reference',
  init: ({ name, NdisMiniportHandle, capacity, tcpTimers }) => ({
    name, NdisMiniportHandle, capacity: { ...capacity }, used: { Neighbor: 0, Path: 0, Tcp: 0 }, objects: [], freeSlots: [], nextSerial: 1, paths: {},
    plannedFailures: {}, lent: {}, hardwareReports: {}, nextReportId: 1, resetConnections: {}, pendingTerminates: [],
    ...(tcpTimers && (tcpTimers.retransmit || tcpTimers.ackFrequency > 1) ? { tcpTimers: { ...tcpTimers } } : {}),
  }),

  // ---- Miniport* entry points ----
  MiniportInitiateOffload: (s, { OffloadBlockList }, ndis, nic) => MiniportInitiateOffload({ s, ndis, nic }, OffloadBlockList),
  MiniportTerminateOffload: (s, { OffloadBlockList }, ndis, nic) => MiniportTerminateOffload({ s, ndis, nic }, OffloadBlockList),
  MiniportUpdateOffload: (s, { OffloadBlockList }, ndis, nic) => MiniportUpdateOffload({ s, ndis, nic }, OffloadBlockList),
  MiniportInvalidateOffload: (s, { OffloadBlockList }, ndis, nic) => MiniportInvalidateOffload({ s, ndis, nic }, OffloadBlockList),
  MiniportQueryOffload: (s, { OffloadBlockList }, ndis, nic) => MiniportQueryOffload({ s, ndis, nic }, OffloadBlockList),
  MiniportTcpOffloadSend: (s, args, ndis, nic) => MiniportTcpOffloadSend({ s, ndis, nic }, args),
  MiniportTcpOffloadReceive: (s, args, ndis, nic) => MiniportTcpOffloadReceive({ s, ndis, nic }, args),
  MiniportTcpOffloadDisconnect: (s, args, ndis, nic) => MiniportTcpOffloadDisconnect({ s, ndis, nic }, args),
  MiniportTcpOffloadForward: (s, args, ndis, nic) => MiniportTcpOffloadForward({ s, ndis, nic }, args),
  MiniportTcpOffloadReceiveReturn: (s, args, ndis, nic) => MiniportTcpOffloadReceiveReturn({ s, ndis, nic }, args),
  /** The normal send path: the NIC puts the host's frame on the wire as it is. */
  MiniportSendNetBufferLists: (_s, { NetBufferLists }, _ndis, nic) => nic.sendFrame(NetBufferLists),

  // ---- not NDIS entry points ----
  /**
   * Its NdisMInitiateOffloadComplete returned: receive indications and its own events may start; a failed
   * query or invalidate returned: the corrupt-hardware report follows; NdisTcpOffloadReceiveHandler
   * returned: what the host took is accounted for.
   */
  CallReturned: (s, call, ndis, nic) => {
    const c: TargetCall = { s, ndis, nic };
    switch (call.fn) {
      case 'NdisMInitiateOffloadComplete': {
        const offloaded: TargetObject[] = [];
        for (const node of blocksOf(call.OffloadBlockList)) {
          const o = node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS ? objectOf(c, node) : null;
          if (o?.layer === 'Tcp') offloaded.push(o);
        }
        return initiateCompleteReturned(c, offloaded);
      }
      case 'NdisMQueryOffloadStateComplete':
      case 'NdisMInvalidateOffloadComplete':
        return hardwareFailureCompleteReturned(c, call.OffloadBlockList);
      case 'NdisTcpOffloadReceiveHandler':
        if (call.result) receiveIndicateReturned(c, call.NetBufferList, call.result);
        return;
      default:
        return;
    }
  },
  /** The push timer: what is filled completes; the retransmit timer: what is outstanding goes again; the persist timer: a zero-window probe. */
  NetTimerCallback: (s, { FunctionContext }, ndis, nic) => {
    if (isPushTimerContext(FunctionContext)) pushTimerExpired({ s, ndis, nic }, FunctionContext);
    else if (isRetransmitTimerContext(FunctionContext)) retransmitTimerExpired({ s, ndis, nic }, FunctionContext, resendOutstanding);
    else if (isDelayedAckTimerContext(FunctionContext)) delayedAckTimerExpired({ s, ndis, nic }, FunctionContext);
    else if (isKeepAliveTimerContext(FunctionContext)) keepAliveTimerExpired({ s, ndis, nic }, FunctionContext);
    else if (isPersistTimerContext(FunctionContext)) persistTimerExpired({ s, ndis, nic }, FunctionContext, advertiseAtTarget);
  },
  ReceiveSegment: (s, { segment }, ndis, nic) => receiveSegment({ s, ndis, nic }, segment),
  HardwareFailure: (s, { connection }, ndis, nic) => hardwareFailure({ s, ndis, nic }, connection),
  IndicateTcpEvent: (s, { connection, EventType, EventSpecificInformation }, ndis, nic) =>
    indicateTcpEvent({ s, ndis, nic }, connection, EventType, EventSpecificInformation),
  IndicateStatus: (s, { StatusCode }, ndis, nic) => indicateStatus({ s, ndis, nic }, StatusCode),
  IndicateNeighborReachabilityQuery: (s, { connection, NicReachabilityDelta }, ndis, nic) =>
    indicateNeighborReachabilityQuery({ s, ndis, nic }, connection, NicReachabilityDelta),
  PlanInitiateFailure: (s, { connection, Status }) => {
    s.plannedFailures[fourTupleText(connection)] = Status;
  },
};

/**
 * How the host stack reacts to what comes up from below: operation completions, the four
 * TCP_OFFLOAD_EVENT_HANDLER indications, and NeighborReachabilityQuery (reference §6, §2.2-§2.3).
 */
import { cloneData } from '../../data/cloneData.js';
import { forEachBlock, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import { handleKey } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { netBufferListsOf } from '../../ndis/NET_BUFFER_LIST.js';
import type { ProtocolHandlerArgs } from '../../ndis/calls.js';
import { NDIS_STATUS, NdisStatusEnum, offloadSucceeded } from '../../ndis/NDIS_STATUS.js';
import type { NeighborOffloadStructures, TcpOffloadStructures } from '../../ndis/stateStructures.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE, TcpOffloadEventTypeEnum } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason, TcpUploadReasonEnum } from '../../ndis/TCP_UPLOAD_REASON.js';
import { moveOffload, moveTcp, neighborOf, pathOf, recordOfHandle, type HostContext } from './HostContext.js';
import { continueRelinks, takeNextHopLater } from './hostRelink.js';
import { afterInitiate, afterTerminate } from './hostSend.js';
import { releaseIdle, terminateOffload, uploadOwed } from './hostTerminate.js';
import type { HostNeighbor, HostObject, HostPath, Tcb } from './Tcb.js';

/** The host record a node's handle belongs to, if the handle is the host's own. */
function recordOf(c: HostContext, node: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): HostObject | undefined {
  return recordOfHandle(c.s, node.OffloadHandle);
}

/** ProtocolInitiateOffloadComplete: each object Offloaded or back InHost by its Status; owed uploads start. */
export function initiateOffloadComplete(c: HostContext, P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void {
  const owed: Tcb[] = [];
  const idle = new Set<HostPath | HostNeighbor>();
  forEachBlock(P, (node) => {
    const o = recordOf(c, node);
    if (!o || o.offload !== S.TcpConnectionOffloadStateOffloading) return;
    const ok = o.kind === 'Tcp' ? node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS : offloadSucceeded(node.Status);
    moveOffload(c, o, { type: 'ProtocolInitiateOffloadComplete', Status: ok ? NDIS_STATUS.NDIS_STATUS_SUCCESS : node.Status });
    if (o.kind === 'Tcp') afterInitiate(c, o, ok);
    if (!ok) {
      if (o.kind === 'Tcp') {
        const path = pathOf(c.s, o);
        if (--path.users === 0) idle.add(path);
      }
      if (o.kind === 'Path') {
        const neighbor = neighborOf(c.s, o);
        if (--neighbor.users === 0) idle.add(neighbor);
        takeNextHopLater(c, o);
      }
      if (c.report.wanted) c.report.decision(`offload of ${o.label} failed with ${NdisStatusEnum.format(node.Status)}; it stays in the host`, o.label);
      if (o.kind === 'Tcp') o.uploadOwed = 0;
    } else if (o.kind === 'Tcp' && o.uploadOwed !== 0) owed.push(o);
  });
  uploadOwed(c, owed);
  if (c.s.relinks.length > 0) continueRelinks(c);
  releaseIdle(c, idle);
}

/** ProtocolTerminateOffloadComplete: objects are InHost again; the delegated state is the host's. */
export function terminateOffloadComplete(c: HostContext, P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void {
  const idle = new Set<HostPath | HostNeighbor>();
  forEachBlock(P, (node) => {
    const o = recordOf(c, node);
    if (!o || o.offload !== S.TcpConnectionOffloadStateUploading) return;
    moveOffload(c, o, { type: 'ProtocolTerminateOffloadComplete', Status: node.Status });
    if (o.kind === 'Tcp') {
      const path = pathOf(c.s, o);
      if (--path.users === 0) idle.add(path);
      o.uploadOwed = 0;
      if (node.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS) {
        // The connection's state is lost with the target's: the host deletes the TCB (a choice; the reference is silent).
        if (c.report.wanted) c.report.decision(`terminate of ${o.label} failed (${NdisStatusEnum.format(node.Status)}): its delegated state is lost; the TCB is deleted`, o.label);
        if (!o.aborted) {
          o.aborted = true;
          moveTcp(c, o, { type: 'TcpIndicateAbort' });
        }
        o.returnedState = null;
      } else o.returnedState = cloneData((node.State as TcpOffloadStructures | null)?.Delegated ?? null);
      afterTerminate(c, o, netBufferListsOf(node.NetBufferListChain), (node.State as TcpOffloadStructures | null)?.Delegated ?? null);
    } else if (o.kind === 'Path') {
      const neighbor = neighborOf(c.s, o);
      if (--neighbor.users === 0) idle.add(neighbor);
      takeNextHopLater(c, o);
    }
  });
  releaseIdle(c, idle);
}

/** ProtocolTcpOffloadEvent: one of the four TCP_OFFLOAD_EVENT_TYPE indications for one connection. */
export function tcpOffloadEvent(c: HostContext, event: ProtocolHandlerArgs['ProtocolTcpOffloadEvent']): void {
  const h = event.OffloadContext;
  const t = recordOfHandle(c.s, h);
  if (t?.kind !== 'Tcp') {
    c.report.decision(`ignores an indication with OffloadContext ${handleKey(h)}: not a handle it gave for a connection`);
    return;
  }
  const info = event.EventSpecificInformation;
  switch (event.EventType) {
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange:
      // The target's preferred amount of send data outstanding; the host sizes its sends by it.
      t.sendBacklog = info;
      if (c.report.wanted) c.report.decision(`keeps ${info} bytes of send data outstanding at the target from now on`, t.label);
      return;
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect:
      // The peer sent a FIN: the receive half is closed; the connection stays offloaded.
      t.disconnectIndicated = true;
      moveTcp(c, t, { type: 'TcpIndicateDisconnect' });
      return;
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve:
      return retrieve(c, t, info);
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort:
      // The peer sent an acceptable RST: the connection is gone; the host takes it back to delete the TCB.
      t.aborted = true;
      moveTcp(c, t, { type: 'TcpIndicateAbort' });
      uploadNowOrOwe(c, t, -1, 'the connection was reset');
      return;
    default:
      c.report.decision(`ignores EventType ${TcpOffloadEventTypeEnum.format(event.EventType)}: not a TCP_OFFLOAD_EVENT_TYPE`, t.label);
  }
}

/** TcpIndicateRetrieve: mandatory reasons always upload; optional ones go to the host policy. */
function retrieve(c: HostContext, t: Tcb, reason: number): void {
  const name = TcpUploadReasonEnum.format(reason);
  if (!TcpUploadReasonEnum.isLegal(reason)) {
    return c.report.decision(`ignores TcpIndicateRetrieve with ${name}: not a TCP_UPLOAD_REASON`, t.label);
  }
  if (isMandatoryUploadReason(reason)) return uploadNowOrOwe(c, t, reason, `${name} is mandatory`);
  if (c.s.policy.optionalRetrieve === 'keep') {
    if (c.report.wanted) c.report.decision(`${name} is optional; policy keeps ${t.label} offloaded`, t.label);
    return;
  }
  uploadNowOrOwe(c, t, reason, `${name} is optional; policy uploads`);
}

function uploadNowOrOwe(c: HostContext, t: Tcb, reason: number, why: string): void {
  if (t.offload === S.TcpConnectionOffloadStateOffloaded) {
    if (c.report.wanted) c.report.decision(`${why}: terminates the offload of ${t.label}`, t.label);
    terminateOffload(c, [t]);
  } else if (t.offload === S.TcpConnectionOffloadStateOffloading) {
    t.uploadOwed = reason;
    if (c.report.wanted) c.report.decision(`${why}, but the initiate is still in flight: uploads when it completes`, t.label);
  } else if (c.report.wanted) {
    c.report.decision(`${why}; ${t.label} is already on its way back to the host`, t.label);
  }
}

/** ProtocolIndicateOffloadEvent(NeighborReachabilityQuery): answer HRD in the CACHED structure (reference §6.11). */
export function indicateOffloadEvent(c: HostContext, event: ProtocolHandlerArgs['ProtocolIndicateOffloadEvent']): void {
  const cached = (event.OffloadBlockList.State as NeighborOffloadStructures | null)?.Cached;
  const hrd = c.s.policy.neighborReachable ? 1 : 0;
  if (cached) cached.HostReachabilityDelta = hrd;
  if (c.report.wanted) {
    c.report.decision(
      hrd ? 'answers HostReachabilityDelta 1: its neighbor cache entry is REACHABLE' : 'answers HostReachabilityDelta 0: its neighbor cache entry is stale',
      event.OffloadBlockList.OffloadHandle?.label,
    );
  }
}

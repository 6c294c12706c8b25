/** What the target does on its own: indications about a connection, adapter statuses, neighbor queries. */
import { createMiniportBlockList } from '../../../ndis/blockList.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import { INDICATE_OFFLOAD_EVENT, OFFLOAD_STATE_TYPE } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason } from '../../../ndis/TCP_UPLOAD_REASON.js';
import { fourTupleText, type FourTuple } from '../../../wire/FourTuple.js';
import { findConnection, initiateReturned, moveDelegatedTcp, type TargetCall } from './TargetCall.js';
import { abortConnection } from './targetAbort.js';
import { receiveOf } from './receiveOf.js';
import { neighborStateOf, objectById, TargetFlags, type TargetObject } from './TargetState.js';

/** The network or the NIC gives the target a reason to indicate an event on one connection. */
export function indicateTcpEvent(c: TargetCall, connection: FourTuple, EventType: number, EventSpecificInformation: number): void {
  const o = findConnection(c.s, connection);
  if (!o) {
    c.ndis.DbgPrint(`has no offloaded connection ${fourTupleText(connection)}; nothing to indicate`);
    return;
  }
  if (EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect) {
    // The peer's FIN moves the RFC 793 state the target keeps in the delegated state; later posts get INVALID_STATE.
    moveDelegatedTcp(o, { type: 'TcpIndicateDisconnect' });
    receiveOf(o).disconnectIndicated = true;
  } else if (EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort) {
    // A scripted indication is raised when scripted, even before the initiate completion returned.
    c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, EventType, 0);
    abortConnection(c, o);
    return;
  }
  if (EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve && isMandatoryUploadReason(EventSpecificInformation)) {
    o.flags |= TargetFlags.UploadRequested;
  }
  c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, EventType, EventSpecificInformation);
}

/** The peer reset the connection: TcpIndicateAbort, then its outstanding I/O completes with NDIS_STATUS_REQUEST_ABORTED. */
export function indicateAbort(c: TargetCall, o: TargetObject): void {
  indicateWhenInitiateReturned(c, o, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort, 0);
  abortConnection(c, o);
}

/**
 * An event the target raises on its own (an RST, urgent data): at once, or — while its
 * NdisMInitiateOffloadComplete has not returned yet — as soon as it has (reference §6.1, §8 item 4).
 */
export function indicateWhenInitiateReturned(c: TargetCall, o: TargetObject, EventType: TCP_OFFLOAD_EVENT_TYPE, EventSpecificInformation: number): void {
  if (initiateReturned(o)) c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, EventType, EventSpecificInformation);
  else (receiveOf(o).owedEvents ??= []).push([EventType, EventSpecificInformation]);
}

/** NdisMIndicateStatusEx: OFFLOAD_PAUSE, UPLOAD_ALL or OFFLOAD_RESUME for the whole adapter. */
export function indicateStatus(c: TargetCall, StatusCode: NDIS_STATUS): void {
  c.ndis.NdisMIndicateStatusEx(c.s.NdisMiniportHandle, { StatusCode });
}

/** Reference §6.11: a single neighbor block list followed by CONST, CACHED (HRD) and DELEGATED (NRD). */
export function indicateNeighborReachabilityQuery(c: TargetCall, connection: FourTuple, NicReachabilityDelta: number): void {
  const path = objectById(c.s, findConnection(c.s, connection)?.parent);
  const neighbor = objectById(c.s, path?.parent);
  if (!neighbor) {
    c.ndis.DbgPrint(`has no offloaded neighbor for ${fourTupleText(connection)}; no NeighborReachabilityQuery`);
    return;
  }
  const own = neighborStateOf(neighbor);
  const state = { Const: { ...own.Const }, Cached: { ...own.Cached }, Delegated: { NicReachabilityDelta } };
  const M = createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, { ...neighbor.NdisOffloadHandle }, state);
  M.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  c.ndis.NdisMOffloadEventIndicate(c.s.NdisMiniportHandle, M, INDICATE_OFFLOAD_EVENT.NeighborReachabilityQuery);
}

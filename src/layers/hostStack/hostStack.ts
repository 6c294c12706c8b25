/**
 * The host TCP/IP stack: a table of handlers NDIS calls directly (its Protocol* handlers) and of the
 * commands the simulation gives it (the application and the host's own decisions). Its adapter state
 * (`OffloadEnabled`, or `OffloadPaused` after NDIS_STATUS_OFFLOAD_PAUSE / NDIS_STATUS_UPLOAD_ALL until
 * NDIS_STATUS_OFFLOAD_RESUME, reference §6.10) follows adapterStateMachine. Per connection it keeps a
 * TCB whose TCP and offload regions follow their own machines (tcpStateMachine, offloadStateMachine).
 * Its state is plain data (HostState); a handler gets it with the services it uses (HostContext).
 */
import { forEachBlock } from '../../ndis/blockList.js';
import type { EventOfType, NdisBindingHandle, ProtocolEdgeEvent, ProtocolHandlerArgs, ReceiveIndicateResult } from '../../ndis/calls.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import { nextAdapterState } from '../../machines/adapterStateMachine.js';
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { TCP_OFFLOAD_STATE_CACHED, TcpOffloadStructures } from '../../ndis/stateStructures.js';
import { DEFAULT_HOST_POLICY, recordOfHandle, removeFrom, type HostContext, type HostPolicy, type HostState } from './HostContext.js';
import {
  addConnection, initiateOffload, invalidateOffload, offloadWaiting, queryOffload, tcbsNamed, updateOffload, type ConnectionSpec,
} from './hostCommands.js';
import { indicateOffloadEvent, initiateOffloadComplete, tcpOffloadEvent, terminateOffloadComplete } from './hostReactions.js';
import { terminateOffload, uploadOwed } from './hostTerminate.js';
import { relinkComplete, relinkPath } from './hostRelink.js';
import { hold, receiveInHost, send, sendComplete } from './hostSend.js';
import { forwardComplete, postReceive, read, receiveComplete, receiveIndicate } from './hostReceive.js';
import { disconnect, disconnectComplete } from './hostDisconnect.js';
import type { Tcb } from './Tcb.js';

/** The host's own decisions, given from outside (the application, the routing table, a test). */
export type HostCommand =
  | { type: 'AddConnection'; connection: ConnectionSpec }
  | { type: 'Offload'; connections: string[] }
  | { type: 'Upload'; connections: string[] }
  | { type: 'UploadAll' }
  | { type: 'Update'; connection: string; Cached: Partial<TCP_OFFLOAD_STATE_CACHED> }
  | { type: 'Invalidate'; connection: string; layer: 'Tcp' | 'Path' | 'Neighbor' }
  | { type: 'Query'; connection: string }
  /** The next hop of a connection's path changed (ICMP redirect, routing): re-link the path. */
  | { type: 'Relink'; connection: string; nextHop: string }
  /** The application writes `bytes` bytes to the connection. */
  | { type: 'Send'; connection: string; bytes: number }
  /** The application closes the connection: gracefully (FIN) or abortively (RST). */
  | { type: 'Disconnect'; connection: string; abortive: boolean }
  /** The application posts a receive buffer of `bytes` bytes (`noPush`: complete it only when full). */
  | { type: 'PostReceive'; connection: string; bytes: number; noPush: boolean }
  /** The application reads up to `bytes` bytes (all when null) of what the host kept for it. */
  | { type: 'Read'; connection: string; bytes: number | null };

export type HostStackEvent = ProtocolEdgeEvent | HostCommand;

/** The host stack's handlers: the Protocol* ones NDIS calls, and the commands. What a handler returns goes back to NDIS. */
export type HostStackHandlers = {
  [K in HostStackEvent['type']]: (c: HostContext, event: EventOfType<HostStackEvent, K>) => K extends 'ProtocolTcpOffloadReceiveIndicate' ? ReceiveIndicateResult : void;
};

/** What the host stack is made from. */
export interface HostStackParams {
  name: string;
  NdisBindingHandle: NdisBindingHandle;
  policy?: Partial<HostPolicy>;
}

/** The host stack's state (plain data) as it starts. */
export function createHostState({ name, NdisBindingHandle, policy }: HostStackParams): HostState {
  return {
    name, NdisBindingHandle, policy: { ...DEFAULT_HOST_POLICY, ...policy }, nextHandleId: 1, tcbs: {}, paths: {}, neighbors: {}, byHandle: {},
    relinks: [], offloadsWaiting: [], paused: false, releaseAll: false, updating: [], invalidated: [],
  };
}

/** NDIS_STATUS_UPLOAD_ALL, or the host's own decision: upload every connection, path and neighbor. */
function uploadAll(c: HostContext, fromTarget: boolean): void {
  const tcbs = Object.values(c.s.tcbs);
  for (const t of tcbs) if (t.offload === TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloading) t.uploadOwed = -1; // upload when it completes
  if (fromTarget) c.s.releaseAll = true; // paths and neighbors still in use go when they become idle
  terminateOffload(c, tcbs, { everything: true });
}

/** Update, invalidate, query: a FAILURE means the host uploads those objects' connections. */
function otherComplete(
  c: HostContext,
  event: EventOfType<ProtocolEdgeEvent, 'ProtocolUpdateOffloadComplete' | 'ProtocolInvalidateOffloadComplete' | 'ProtocolQueryOffloadComplete'>,
): void {
  const failed: Tcb[] = [];
  const owed: Tcb[] = [];
  forEachBlock(event.OffloadBlockList, (node) => {
    const o = recordOfHandle(c.s, node.OffloadHandle);
    if (o?.kind === 'Path' && event.type === 'ProtocolUpdateOffloadComplete') relinkComplete(c, o, node.Status);
    if (o?.kind !== 'Tcp') return;
    const t = o;
    t.opsInFlight = Math.max(0, t.opsInFlight - 1);
    if (event.type === 'ProtocolUpdateOffloadComplete') removeFrom(c.s.updating, t.label);
    if (t.opsInFlight === 0 && t.uploadOwed !== 0 && node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) owed.push(t);
    if (node.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS) failed.push(t);
    else if (event.type === 'ProtocolQueryOffloadComplete' && c.report.wanted) {
      const d = (node.State as TcpOffloadStructures | null)?.Delegated;
      c.report.decision(`reads ${t.label}: SendBacklogSize ${d?.SendBacklogSize}, ReceiveBacklogSize ${d?.ReceiveBacklogSize}`, t.label);
    }
  });
  if (failed.length) {
    c.report.decision(`${event.type} failed for ${failed.map((t) => t.label).join(', ')}: uploads them`);
    terminateOffload(c, failed);
  }
  uploadOwed(c, owed);
}

/**
 * ProtocolStatusEx: the adapter-wide status indications move the adapter machine (adapterStateMachine);
 * OFFLOAD_PAUSE and UPLOAD_ALL pause offloads, UPLOAD_ALL also uploads everything, OFFLOAD_RESUME lets the
 * host offload again.
 */
function statusIndication(c: HostContext, { StatusIndication }: ProtocolHandlerArgs['ProtocolStatusEx']): void {
  const type = NdisStatusEnum.nameOf(StatusIndication.StatusCode);
  if (type !== 'NDIS_STATUS_OFFLOAD_PAUSE' && type !== 'NDIS_STATUS_UPLOAD_ALL' && type !== 'NDIS_STATUS_OFFLOAD_RESUME') return;
  const s = c.s;
  const from = s.paused ? 'OffloadPaused' : 'OffloadEnabled';
  const to = nextAdapterState(from, { type });
  if (to === undefined) return;
  if (from === 'OffloadEnabled' && to === 'OffloadPaused') {
    s.paused = true;
    c.report.stateChange('adapter', 'adapter', 0, 1, 'ProtocolStatusEx');
  }
  if (type === 'NDIS_STATUS_UPLOAD_ALL') uploadAll(c, true);
  if (to === 'OffloadEnabled' && from === 'OffloadPaused') {
    s.paused = false;
    s.releaseAll = false;
    c.report.stateChange('adapter', 'adapter', 1, 0, 'ProtocolStatusEx');
    c.report.decision('re-queries OID_TCP_TASK_OFFLOAD and may offload to the target again');
    offloadWaiting(c);
  }
}

/** The host stack's handlers, by the name NDIS (or the simulation) calls them with. */
export const referenceHostStack: HostStackHandlers = {
  AddConnection: (c, e) => addConnection(c.s, e.connection),
  Offload: (c, e) => {
    if (c.s.paused) {
      c.report.decision(`does not offload ${e.connections.map((id) => `tcp ${id}`).join(', ')}: the target paused offloads (no NDIS_STATUS_OFFLOAD_RESUME yet)`);
      return;
    }
    initiateOffload(c, tcbsNamed(c.s, e.connections));
  },
  Upload: (c, e) => terminateOffload(c, tcbsNamed(c.s, e.connections)),
  UploadAll: (c) => uploadAll(c, false),
  Update: (c, e) => updateOffload(c, tcbsNamed(c.s, [e.connection])[0]!, e.Cached),
  Invalidate: (c, e) => invalidateOffload(c, tcbsNamed(c.s, [e.connection])[0]!, e.layer),
  Query: (c, e) => queryOffload(c, tcbsNamed(c.s, [e.connection])[0]!),
  Relink: (c, e) => relinkPath(c, tcbsNamed(c.s, [e.connection])[0]!, e.nextHop),
  Send: (c, e) => send(c, tcbsNamed(c.s, [e.connection])[0]!, e.bytes),
  Disconnect: (c, e) => disconnect(c, tcbsNamed(c.s, [e.connection])[0]!, e.abortive),
  PostReceive: (c, e) => postReceive(c, tcbsNamed(c.s, [e.connection])[0]!, e.bytes, e.noPush),
  Read: (c, e) => read(c, tcbsNamed(c.s, [e.connection])[0]!, e.bytes),
  ProtocolTcpOffloadSendComplete: (c, e) => sendComplete(c, e.NetBufferList),
  ProtocolTcpOffloadReceiveComplete: (c, e) => receiveComplete(c, e.NetBufferList),
  ProtocolTcpOffloadReceiveIndicate: (c, e) => receiveIndicate(c, e),
  ProtocolTcpOffloadForwardComplete: (c, e) => forwardComplete(c, e.NetBufferList, hold),
  ProtocolTcpOffloadDisconnectComplete: (c, e) => disconnectComplete(c, e.NetBufferList),
  ProtocolReceiveNetBufferLists: (c, e) => receiveInHost(c, e.NetBufferLists.segment),
  ProtocolInitiateOffloadComplete: (c, e) => {
    initiateOffloadComplete(c, e.OffloadBlockList);
    offloadWaiting(c);
  },
  ProtocolTerminateOffloadComplete: (c, e) => {
    terminateOffloadComplete(c, e.OffloadBlockList);
    offloadWaiting(c);
  },
  ProtocolUpdateOffloadComplete: otherComplete,
  ProtocolInvalidateOffloadComplete: otherComplete,
  ProtocolQueryOffloadComplete: otherComplete,
  ProtocolTcpOffloadEvent: (c, e) => tcpOffloadEvent(c, e),
  ProtocolIndicateOffloadEvent: (c, e) => indicateOffloadEvent(c, e),
  ProtocolStatusEx: statusIndication,
};

/** Calls the host's handler for an event (an NDIS call, or a command); returns what it returned. */
export function hostStackReceive(handlers: HostStackHandlers, c: HostContext, event: HostStackEvent): unknown {
  return (handlers[event.type] as (c: HostContext, e: HostStackEvent) => unknown)(c, event);
}

/**
 * The host TCP/IP stack: a handler table NDIS calls directly. Its adapter state (`OffloadEnabled`, or
 * `OffloadPaused` after NDIS_STATUS_OFFLOAD_PAUSE / NDIS_STATUS_UPLOAD_ALL until
 * NDIS_STATUS_OFFLOAD_RESUME, reference §6.10) follows adapterStateMachine. Per connection it keeps a
 * TCB whose TCP and offload regions follow their own machines (tcpStateMachine, offloadStateMachine).
 */
import { forEachBlock } from '../../ndis/blockList.js';
import type { EventOfType, NdisBindingHandle, NdisLibrary, ProtocolEdgeEvent } from '../../ndis/calls.js';
import { HandleAllocator } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import { nextAdapterState } from '../adapterStateMachine.js';
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { TCP_OFFLOAD_STATE_CACHED, TcpOffloadStructures } from '../../ndis/stateStructures.js';
import type { LayerReporter } from '../LayerReporter.js';
import { DEFAULT_HOST_POLICY, type HostContext, type HostPolicy } from './HostContext.js';
import {
  addConnection, initiateOffload, invalidateOffload, offloadWaiting, queryOffload, tcbsNamed, updateOffload, type ConnectionSpec,
} from './hostCommands.js';
import { indicateOffloadEvent, initiateOffloadComplete, tcpOffloadEvent, terminateOffloadComplete } from './hostReactions.js';
import { terminateOffload, uploadOwed } from './hostTerminate.js';
import { relinkComplete, relinkPath } from './hostRelink.js';
import { hold, receiveInHost, send, sendComplete } from './hostSend.js';
import { forwardComplete, postReceive, read, receiveComplete, receiveIndicate } from './hostReceive.js';
import { disconnect, disconnectComplete } from './hostDisconnect.js';
import type { Segment } from '../../wire/Segment.js';
import type { NblSerials } from '../../ndis/NET_BUFFER_LIST.js';
import type { HostObject, Tcb } from './Tcb.js';

export interface HostStackInput {
  name: string;
  ndis: NdisLibrary;
  bindingHandle: NdisBindingHandle;
  report: LayerReporter;
  policy?: Partial<HostPolicy>;
  /** This machine's port on the wire. */
  transmit: (s: Segment) => void;
  /** NBL serial numbers, shared with the target (default: the host's own). */
  nbls?: NblSerials;
}

/** The host's own decisions, given from outside. */
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

function allTcbs(c: HostContext): Tcb[] {
  return [...c.tcbs.values()];
}

/** NDIS_STATUS_UPLOAD_ALL, or the host's own decision: upload every connection, path and neighbor. */
function uploadAll(c: HostContext, fromTarget: boolean): void {
  for (const t of c.tcbs.values()) if (t.offload === TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloading) t.uploadOwed = -1; // upload when it completes
  if (fromTarget) c.releaseAll = true; // paths and neighbors still in use go when they become idle
  terminateOffload(c, allTcbs(c), { everything: true });
}

/** Update, invalidate, query: a FAILURE means the host uploads those objects' connections. */
function otherComplete(
  c: HostContext,
  event: EventOfType<ProtocolEdgeEvent, 'ProtocolUpdateOffloadComplete' | 'ProtocolInvalidateOffloadComplete' | 'ProtocolQueryOffloadComplete'>,
): void {
  const failed: Tcb[] = [];
  const owed: Tcb[] = [];
  forEachBlock(event.OffloadBlockList, (node) => {
    const o = node.OffloadHandle?.owner === c.name ? (node.OffloadHandle.containingRecord as HostObject) : null;
    if (o?.kind === 'Path' && event.type === 'ProtocolUpdateOffloadComplete') relinkComplete(c, o, node.Status);
    if (o?.kind !== 'Tcp') return;
    const t = o;
    t.opsInFlight = Math.max(0, t.opsInFlight - 1);
    if (event.type === 'ProtocolUpdateOffloadComplete') c.updating.delete(t);
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
function ProtocolStatusEx(c: HostContext, StatusCode: number): void {
  const type = NdisStatusEnum.nameOf(StatusCode);
  if (type !== 'NDIS_STATUS_OFFLOAD_PAUSE' && type !== 'NDIS_STATUS_UPLOAD_ALL' && type !== 'NDIS_STATUS_OFFLOAD_RESUME') return;
  const from = c.paused ? 'OffloadPaused' : 'OffloadEnabled';
  const to = nextAdapterState(from, { type });
  if (to === undefined) return;
  if (from === 'OffloadEnabled' && to === 'OffloadPaused') {
    c.paused = true;
    c.report.stateChange('adapter', 'adapter', 0, 1, 'ProtocolStatusEx');
  }
  if (type === 'NDIS_STATUS_UPLOAD_ALL') uploadAll(c, true);
  if (to === 'OffloadEnabled' && from === 'OffloadPaused') {
    c.paused = false;
    c.releaseAll = false;
    c.report.stateChange('adapter', 'adapter', 1, 0, 'ProtocolStatusEx');
    c.report.decision('re-queries OID_TCP_TASK_OFFLOAD and may offload to the target again');
    offloadWaiting(c);
  }
}

type Handlers = { [K in HostStackEvent['type']]: (c: HostContext, event: EventOfType<HostStackEvent, K>) => void };

/** The host stack's handlers: NDIS calls the Protocol* ones, the simulation gives the commands. */
const HOST_HANDLERS: Handlers = {
  AddConnection: (c, e) => addConnection(c, e.connection),
  Offload: (c, e) => {
    if (c.paused && !c.policy.offloadWhilePaused) {
      c.report.decision(`does not offload ${e.connections.map((id) => `tcp ${id}`).join(', ')}: the target paused offloads (no NDIS_STATUS_OFFLOAD_RESUME yet)`);
      return;
    }
    initiateOffload(c, tcbsNamed(c, e.connections));
  },
  Upload: (c, e) => terminateOffload(c, tcbsNamed(c, e.connections)),
  UploadAll: (c) => uploadAll(c, false),
  Update: (c, e) => updateOffload(c, tcbsNamed(c, [e.connection])[0]!, e.Cached),
  Invalidate: (c, e) => invalidateOffload(c, tcbsNamed(c, [e.connection])[0]!, e.layer),
  Query: (c, e) => queryOffload(c, tcbsNamed(c, [e.connection])[0]!),
  Relink: (c, e) => relinkPath(c, tcbsNamed(c, [e.connection])[0]!, e.nextHop),
  Send: (c, e) => send(c, tcbsNamed(c, [e.connection])[0]!, e.bytes),
  Disconnect: (c, e) => disconnect(c, tcbsNamed(c, [e.connection])[0]!, e.abortive),
  PostReceive: (c, e) => postReceive(c, tcbsNamed(c, [e.connection])[0]!, e.bytes, e.noPush),
  Read: (c, e) => read(c, tcbsNamed(c, [e.connection])[0]!, e.bytes),
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
  ProtocolStatusEx: (c, e) => ProtocolStatusEx(c, e.StatusIndication.StatusCode),
};

/** The host stack's context, made from its input. */
export function createHostContext(input: HostStackInput): HostContext {
  return {
    name: input.name,
    ndis: input.ndis,
    bindingHandle: input.bindingHandle,
    handles: new HandleAllocator(input.name),
    report: input.report,
    policy: { ...DEFAULT_HOST_POLICY, ...input.policy },
    tcbs: new Map(),
    transmit: input.transmit,
    paths: new Map(),
    neighbors: new Map(),
    relinks: new Set(),
    offloadsWaiting: new Set(),
    paused: false,
    nbls: input.nbls ?? { next: 1 },
    releaseAll: false,
    updating: new Set(),
    invalidated: new Set(),
  };
}

/** Calls the host's handler for an event (an NDIS call, or a command). */
export function hostStackReceive(c: HostContext, event: HostStackEvent): void {
  (HOST_HANDLERS[event.type] as (c: HostContext, e: HostStackEvent) => void)(c, event);
}

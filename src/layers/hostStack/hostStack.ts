/**
 * The host TCP/IP stack as an xstate machine. Its own states are the adapter's: `OffloadEnabled`, or
 * `OffloadPaused` after NDIS_STATUS_OFFLOAD_PAUSE / NDIS_STATUS_UPLOAD_ALL until
 * NDIS_STATUS_OFFLOAD_RESUME (reference §6.10). Per connection it keeps a TCB whose TCP and offload
 * regions follow their own machines (tcpStateMachine, offloadStateMachine).
 */
import { setup } from 'xstate';
import { forEachBlock } from '../../ndis/blockList.js';
import type { NdisBindingHandle, NdisLibrary, ProtocolEdgeEvent } from '../../ndis/calls.js';
import { HandleAllocator } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
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

const isStatus = (code: number) => ({ event }: { event: HostStackEvent }) =>
  event.type === 'ProtocolStatusEx' && event.StatusIndication.StatusCode === code;

function allTcbs(c: HostContext): Tcb[] {
  return [...c.tcbs.values()];
}

export const hostStackMachine = setup({
  types: { context: {} as HostContext, events: {} as HostStackEvent, input: {} as HostStackInput },
  guards: {
    isOffloadPause: isStatus(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE),
    isUploadAll: isStatus(NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL),
    isOffloadResume: isStatus(NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME),
    /** Deliberate fault: the host ignores the pause. */
    offloadsWhilePaused: ({ context }) => context.policy.offloadWhilePaused,
  },
  actions: {
    AddConnection: ({ context: c, event }) => event.type === 'AddConnection' && addConnection(c, event.connection),
    Offload: ({ context: c, event }) => event.type === 'Offload' && initiateOffload(c, tcbsNamed(c, event.connections)),
    refuseOffload: ({ context: c, event }) =>
      event.type === 'Offload' && c.report.decision(`does not offload ${event.connections.map((id) => `tcp ${id}`).join(', ')}: the target paused offloads (no NDIS_STATUS_OFFLOAD_RESUME yet)`),
    Upload: ({ context: c, event }) => event.type === 'Upload' && terminateOffload(c, tcbsNamed(c, event.connections)),
    /** NDIS_STATUS_UPLOAD_ALL, or the host's own decision: upload every connection, path and neighbor. */
    uploadAll: ({ context: c, event }) => {
      for (const t of c.tcbs.values()) if (t.offload === TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloading) t.uploadOwed = -1; // upload when it completes
      if (event.type === 'ProtocolStatusEx') c.releaseAll = true; // paths and neighbors still in use go when they become idle
      terminateOffload(c, allTcbs(c), { everything: true });
    },
    Update: ({ context: c, event }) => event.type === 'Update' && updateOffload(c, tcbsNamed(c, [event.connection])[0]!, event.Cached),
    Invalidate: ({ context: c, event }) => event.type === 'Invalidate' && invalidateOffload(c, tcbsNamed(c, [event.connection])[0]!, event.layer),
    Query: ({ context: c, event }) => event.type === 'Query' && queryOffload(c, tcbsNamed(c, [event.connection])[0]!),
    Send: ({ context: c, event }) => event.type === 'Send' && send(c, tcbsNamed(c, [event.connection])[0]!, event.bytes),
    ProtocolTcpOffloadSendComplete: ({ context: c, event }) => event.type === 'ProtocolTcpOffloadSendComplete' && sendComplete(c, event.NetBufferList),
    Disconnect: ({ context: c, event }) => event.type === 'Disconnect' && disconnect(c, tcbsNamed(c, [event.connection])[0]!, event.abortive),
    PostReceive: ({ context: c, event }) => event.type === 'PostReceive' && postReceive(c, tcbsNamed(c, [event.connection])[0]!, event.bytes, event.noPush),
    Read: ({ context: c, event }) => event.type === 'Read' && read(c, tcbsNamed(c, [event.connection])[0]!, event.bytes),
    ProtocolTcpOffloadReceiveComplete: ({ context: c, event }) => event.type === 'ProtocolTcpOffloadReceiveComplete' && receiveComplete(c, event.NetBufferList),
    ProtocolTcpOffloadReceiveIndicate: ({ context: c, event }) => event.type === 'ProtocolTcpOffloadReceiveIndicate' && receiveIndicate(c, event),
    ProtocolTcpOffloadForwardComplete: ({ context: c, event }) =>
      event.type === 'ProtocolTcpOffloadForwardComplete' && forwardComplete(c, event.NetBufferList, hold),
    ProtocolTcpOffloadDisconnectComplete: ({ context: c, event }) =>
      event.type === 'ProtocolTcpOffloadDisconnectComplete' && disconnectComplete(c, event.NetBufferList),
    ProtocolReceiveNetBufferLists: ({ context: c, event }) => event.type === 'ProtocolReceiveNetBufferLists' && receiveInHost(c, event.NetBufferLists.segment),
    Relink: ({ context: c, event }) => event.type === 'Relink' && relinkPath(c, tcbsNamed(c, [event.connection])[0]!, event.nextHop),
    ProtocolInitiateOffloadComplete: ({ context: c, event }) => {
      if (event.type !== 'ProtocolInitiateOffloadComplete') return;
      initiateOffloadComplete(c, event.OffloadBlockList);
      offloadWaiting(c);
    },
    ProtocolTerminateOffloadComplete: ({ context: c, event }) => {
      if (event.type !== 'ProtocolTerminateOffloadComplete') return;
      terminateOffloadComplete(c, event.OffloadBlockList);
      offloadWaiting(c);
    },
    /** Update, invalidate, query: a FAILURE means the host uploads those objects' connections. */
    otherComplete: ({ context: c, event }) => {
      if (!('OffloadBlockList' in event) || event.type === 'ProtocolIndicateOffloadEvent') return;
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
    },
    ProtocolTcpOffloadEvent: ({ context: c, event }) => event.type === 'ProtocolTcpOffloadEvent' && tcpOffloadEvent(c, event),
    ProtocolIndicateOffloadEvent: ({ context: c, event }) =>
      event.type === 'ProtocolIndicateOffloadEvent' && indicateOffloadEvent(c, event),
    reportPaused: ({ context: c }) => {
      c.paused = true;
      c.report.stateChange('adapter', 'adapter', 0, 1, 'ProtocolStatusEx');
    },
    reportResumed: ({ context: c }) => {
      c.paused = false;
      c.releaseAll = false;
      c.report.stateChange('adapter', 'adapter', 1, 0, 'ProtocolStatusEx');
      c.report.decision('re-queries OID_TCP_TASK_OFFLOAD and may offload to the target again');
      offloadWaiting(c);
    },
  },
}).createMachine({
  id: 'hostStack',
  context: ({ input }) => ({
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
  }),
  initial: 'OffloadEnabled',
  on: {
    AddConnection: { actions: 'AddConnection' },
    Upload: { actions: 'Upload' },
    UploadAll: { actions: 'uploadAll' },
    Update: { actions: 'Update' },
    Invalidate: { actions: 'Invalidate' },
    Query: { actions: 'Query' },
    Relink: { actions: 'Relink' },
    Send: { actions: 'Send' },
    ProtocolTcpOffloadSendComplete: { actions: 'ProtocolTcpOffloadSendComplete' },
    ProtocolReceiveNetBufferLists: { actions: 'ProtocolReceiveNetBufferLists' },
    Disconnect: { actions: 'Disconnect' },
    PostReceive: { actions: 'PostReceive' },
    Read: { actions: 'Read' },
    ProtocolTcpOffloadReceiveComplete: { actions: 'ProtocolTcpOffloadReceiveComplete' },
    ProtocolTcpOffloadReceiveIndicate: { actions: 'ProtocolTcpOffloadReceiveIndicate' },
    ProtocolTcpOffloadForwardComplete: { actions: 'ProtocolTcpOffloadForwardComplete' },
    ProtocolTcpOffloadDisconnectComplete: { actions: 'ProtocolTcpOffloadDisconnectComplete' },
    ProtocolInitiateOffloadComplete: { actions: 'ProtocolInitiateOffloadComplete' },
    ProtocolTerminateOffloadComplete: { actions: 'ProtocolTerminateOffloadComplete' },
    ProtocolUpdateOffloadComplete: { actions: 'otherComplete' },
    ProtocolInvalidateOffloadComplete: { actions: 'otherComplete' },
    ProtocolQueryOffloadComplete: { actions: 'otherComplete' },
    ProtocolTcpOffloadEvent: { actions: 'ProtocolTcpOffloadEvent' },
    ProtocolIndicateOffloadEvent: { actions: 'ProtocolIndicateOffloadEvent' },
  },
  states: {
    OffloadEnabled: {
      on: {
        Offload: { actions: 'Offload' },
        ProtocolStatusEx: [
          { guard: 'isOffloadPause', target: 'OffloadPaused', actions: 'reportPaused' },
          { guard: 'isUploadAll', target: 'OffloadPaused', actions: ['reportPaused', 'uploadAll'] },
        ],
      },
    },
    OffloadPaused: {
      on: {
        Offload: [{ guard: 'offloadsWhilePaused', actions: 'Offload' }, { actions: 'refuseOffload' }],
        ProtocolStatusEx: [
          { guard: 'isOffloadResume', target: 'OffloadEnabled', actions: 'reportResumed' },
          { guard: 'isUploadAll', actions: 'uploadAll' },
        ],
      },
    },
  },
});

/**
 * The offload target (NIC + miniport) as an xstate machine. NDIS calls its Miniport* handlers; it
 * owns one context area per offloaded object, completes every state operation asynchronously (the
 * completion becomes a pending item), raises indications with the NdisOffloadHandle it stored, and
 * hands delegated state back on terminate. Commands from outside (`Indicate*`, `PlanInitiateFailure`)
 * play the network and the NIC's own decisions.
 */
import { assign, setup } from 'xstate';
import { blocksOf, createMiniportBlockList, forEachBlock, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import type { MiniportEdgeEvent, NdisLibrary, NdisMiniportHandle } from '../../ndis/calls.js';
import { HandleAllocator } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { INDICATE_OFFLOAD_EVENT, OFFLOAD_STATE_TYPE, type OffloadLayer } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import type { NeighborOffloadStructures, TcpOffloadStructures } from '../../ndis/stateStructures.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason, TCP_UPLOAD_REASON } from '../../ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE } from '../../ndis/TCPSTATE.js';
import { nextTcpState } from '../tcpStateMachine.js';
import type { LayerReporter } from '../LayerReporter.js';
import { initiateOffload } from './initiateOffload.js';
import { tcpObjectsUnder, type TargetObject } from './TargetObject.js';

/** How many objects of each layer the target can hold. */
export interface TargetCapacity {
  Neighbor: number;
  Path: number;
  Tcp: number;
}

export interface OffloadTargetInput {
  name: string;
  ndis: NdisLibrary;
  miniportHandle: NdisMiniportHandle;
  capacity: TargetCapacity;
  report: LayerReporter;
}

/** Commands that make the target act on its own (the network, the NIC's resources, a test). */
export type OffloadTargetCommand =
  /** Raise NdisTcpOffloadEventHandler for the connection with this 4-tuple key. */
  | { type: 'IndicateTcpEvent'; connection: string; EventType: number; EventSpecificInformation: number }
  /** Raise NdisMIndicateStatusEx (OFFLOAD_PAUSE, UPLOAD_ALL, OFFLOAD_RESUME). */
  | { type: 'IndicateStatus'; StatusCode: number }
  /** Raise NdisMOffloadEventIndicate(NeighborReachabilityQuery) for the neighbor of this connection. */
  | { type: 'IndicateNeighborReachabilityQuery'; connection: string; NicReachabilityDelta: number }
  /** The next initiate of this connection fails with this status. */
  | { type: 'PlanInitiateFailure'; connection: string; Status: number };

export type OffloadTargetEvent = MiniportEdgeEvent | OffloadTargetCommand;

export interface OffloadTargetContext {
  readonly name: string;
  readonly ndis: NdisLibrary;
  readonly miniportHandle: NdisMiniportHandle;
  readonly capacity: TargetCapacity;
  readonly used: TargetCapacity;
  /** TCP objects by 4-tuple key. */
  readonly connections: Map<string, TargetObject>;
  readonly plannedFailures: Map<string, number>;
  readonly serials: HandleAllocator;
  readonly report: LayerReporter;
}

const ENTRIES_STATUS: Record<OffloadLayer, number> = {
  Neighbor: NDIS_STATUS.NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES,
  Path: NDIS_STATUS.NDIS_STATUS_OFFLOAD_PATH_ENTRIES,
  Tcp: NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES,
};

/** The context area a block list references, if it is one of this target's. */
function objectOf(c: OffloadTargetContext, node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): TargetObject | null {
  const o = node.MiniportOffloadContext?.deref() as TargetObject | null | undefined;
  return o && o.owner === c.name ? o : null;
}

/** Frees an object's context area; terminating a neighbor or path takes its dependents with it. */
function free(c: OffloadTargetContext, o: TargetObject, freed: Set<TargetObject>): void {
  if (freed.has(o)) return;
  freed.add(o);
  c.used[o.layer]--;
  if (o.key) c.connections.delete(o.key);
  for (const d of o.dependents ?? []) free(c, d, freed);
}

export const offloadTargetMachine = setup({
  types: {
    context: {} as OffloadTargetContext,
    events: {} as OffloadTargetEvent,
    input: {} as OffloadTargetInput,
  },
  actions: {
    /** MiniportInitiateOffload: store the tree, offload depth-first, complete asynchronously. */
    MiniportInitiateOffload: ({ context: c, event }) => {
      if (event.type !== 'MiniportInitiateOffload') return;
      initiateOffload(event.OffloadBlockList, {
        admit: (layer, key) => {
          const planned = key ? c.plannedFailures.get(key) : undefined;
          if (planned !== undefined) {
            c.plannedFailures.delete(key!);
            return planned;
          }
          return c.used[layer] >= c.capacity[layer] ? ENTRIES_STATUS[layer] : NDIS_STATUS.NDIS_STATUS_SUCCESS;
        },
        create: (node, layer, parent, key) => {
          const o: TargetObject = {
            owner: c.name, serial: c.serials.nextSerial(), layer, NdisOffloadHandle: node.NdisOffloadHandle!, parent,
            dependents: layer === 'Tcp' ? null : new Set(), state: node.State!, key, invalidated: false, uploadRequested: false,
          };
          c.used[layer]++;
          parent?.dependents?.add(o);
          if (key) c.connections.set(key, o);
          return o;
        },
      });
      c.ndis.NdisMInitiateOffloadComplete(c.miniportHandle, event.OffloadBlockList);
    },

    /** MiniportTerminateOffload: hand delegated state back, free the objects (and their dependents). */
    MiniportTerminateOffload: ({ context: c, event }) => {
      if (event.type !== 'MiniportTerminateOffload') return;
      forEachBlock(event.OffloadBlockList, (node) => {
        if (!node.MiniportOffloadContext) {
          node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS; // placeholder
          return;
        }
        const o = objectOf(c, node);
        if (!o) {
          node.Status = NDIS_STATUS.NDIS_STATUS_FAILURE;
          return;
        }
        const out = (node.State as TcpOffloadStructures | null)?.Delegated;
        const own = (o.state as TcpOffloadStructures).Delegated;
        if (out && own) Object.assign(out, own, { KeepAlive: { ...own.KeepAlive }, Retransmit: { ...own.Retransmit } });
        node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
      });
      // Free after every node was read: a dependent listed below its parent is still found.
      const freed = new Set<TargetObject>();
      for (const node of blocksOf(event.OffloadBlockList)) {
        const o = objectOf(c, node);
        if (o) free(c, o, freed);
      }
      for (const o of freed) if (o.parent && !freed.has(o.parent)) o.parent.dependents?.delete(o);
      c.ndis.NdisMTerminateOffloadComplete(c.miniportHandle, event.OffloadBlockList);
    },

    /** MiniportUpdateOffload: apply cached variables; a neighbor with path dependents re-links them. */
    MiniportUpdateOffload: ({ context: c, event }) => {
      if (event.type !== 'MiniportUpdateOffload') return;
      forEachBlock(event.OffloadBlockList, (node, parent) => {
        const o = objectOf(c, node);
        if (!o) {
          node.Status = node.MiniportOffloadContext ? NDIS_STATUS.NDIS_STATUS_FAILURE : NDIS_STATUS.NDIS_STATUS_SUCCESS;
          return;
        }
        const cached = node.State?.Cached;
        if (cached) Object.assign(o.state, { Cached: cached });
        const newParent = parent ? objectOf(c, parent) : null;
        if (newParent && o.layer === 'Path' && newParent.layer === 'Neighbor' && o.parent !== newParent) {
          o.parent?.dependents?.delete(o);
          o.parent = newParent;
          newParent.dependents?.add(o);
        }
        node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
      });
      c.ndis.NdisMUpdateOffloadComplete(c.miniportHandle, event.OffloadBlockList);
    },

    /** MiniportInvalidateOffload: mark invalid, complete, then ask to upload every affected connection. */
    MiniportInvalidateOffload: ({ context: c, event }) => {
      if (event.type !== 'MiniportInvalidateOffload') return;
      const affected: TargetObject[] = [];
      forEachBlock(event.OffloadBlockList, (node) => {
        const o = objectOf(c, node);
        if (!o) {
          node.Status = node.MiniportOffloadContext ? NDIS_STATUS.NDIS_STATUS_FAILURE : NDIS_STATUS.NDIS_STATUS_SUCCESS;
          return;
        }
        o.invalidated = true;
        for (const t of tcpObjectsUnder(o)) if (!affected.includes(t)) affected.push(t);
        node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
      });
      c.ndis.NdisMInvalidateOffloadComplete(c.miniportHandle, event.OffloadBlockList);
      for (const t of affected) {
        t.uploadRequested = true;
        c.ndis.NdisTcpOffloadEventHandler(t.NdisOffloadHandle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.InvalidState);
      }
    },

    /** MiniportQueryOffload: write current values into the structures that follow each node. */
    MiniportQueryOffload: ({ context: c, event }) => {
      if (event.type !== 'MiniportQueryOffload') return;
      forEachBlock(event.OffloadBlockList, (node) => {
        const o = objectOf(c, node);
        if (!o) {
          node.Status = node.MiniportOffloadContext ? NDIS_STATUS.NDIS_STATUS_FAILURE : NDIS_STATUS.NDIS_STATUS_SUCCESS;
          return;
        }
        const out = node.State as TcpOffloadStructures | null;
        const own = o.state as TcpOffloadStructures;
        if (out?.Delegated && own.Delegated) {
          Object.assign(out.Delegated, own.Delegated, { SendBacklogSize: 0, ReceiveBacklogSize: 0 });
        }
        if (out && own.Cached && out.Cached) Object.assign(out.Cached, own.Cached);
        node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
      });
      c.ndis.NdisMQueryOffloadStateComplete(c.miniportHandle, event.OffloadBlockList);
    },

    /** The network or the NIC gives the target a reason to indicate an event on one connection. */
    IndicateTcpEvent: ({ context: c, event }) => {
      if (event.type !== 'IndicateTcpEvent') return;
      const o = c.connections.get(event.connection);
      if (!o) {
        c.report.decision(`has no offloaded connection ${event.connection}; nothing to indicate`);
        return;
      }
      const delegated = (o.state as TcpOffloadStructures).Delegated;
      if (delegated && (event.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect || event.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort)) {
        const type = event.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect ? 'TcpIndicateDisconnect' : 'TcpIndicateAbort';
        delegated.State = (nextTcpState(delegated.State, { type }) ?? delegated.State) as typeof delegated.State;
        if (type === 'TcpIndicateAbort') delegated.State = TCPSTATE.TCPSTATE_CLOSED;
      }
      if (event.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve && isMandatoryUploadReason(event.EventSpecificInformation)) {
        o.uploadRequested = true;
      }
      c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, event.EventType, event.EventSpecificInformation);
    },

    IndicateStatus: ({ context: c, event }) => {
      if (event.type !== 'IndicateStatus') return;
      c.ndis.NdisMIndicateStatusEx(c.miniportHandle, { StatusCode: event.StatusCode });
    },

    /** Reference §6.11: a single neighbor block list followed by CONST, CACHED (HRD) and DELEGATED (NRD). */
    IndicateNeighborReachabilityQuery: ({ context: c, event }) => {
      if (event.type !== 'IndicateNeighborReachabilityQuery') return;
      const neighbor = c.connections.get(event.connection)?.parent?.parent;
      if (!neighbor) {
        c.report.decision(`has no offloaded neighbor for ${event.connection}; no NeighborReachabilityQuery`);
        return;
      }
      const own = neighbor.state as NeighborOffloadStructures;
      const state: NeighborOffloadStructures = {
        Const: own.Const!, Cached: { ...own.Cached! }, Delegated: { NicReachabilityDelta: event.NicReachabilityDelta },
      };
      const M = createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, neighbor.NdisOffloadHandle, state);
      M.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
      c.ndis.NdisMOffloadEventIndicate(c.miniportHandle, M, INDICATE_OFFLOAD_EVENT.NeighborReachabilityQuery);
    },

    PlanInitiateFailure: assign(({ context: c, event }) => {
      if (event.type === 'PlanInitiateFailure') c.plannedFailures.set(event.connection, event.Status);
      return {};
    }),
  },
}).createMachine({
  id: 'offloadTarget',
  context: ({ input }) => ({
    name: input.name,
    ndis: input.ndis,
    miniportHandle: input.miniportHandle,
    capacity: { ...input.capacity },
    used: { Neighbor: 0, Path: 0, Tcp: 0 },
    connections: new Map(),
    plannedFailures: new Map(),
    serials: new HandleAllocator(input.name),
    report: input.report,
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
  },
});

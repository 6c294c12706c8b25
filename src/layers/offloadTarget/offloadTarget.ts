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
import type {
  NeighborOffloadStructures, OffloadStateStructures, PathOffloadStructures, TCP_OFFLOAD_STATE_CACHED, TcpOffloadStructures,
} from '../../ndis/stateStructures.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason, TCP_UPLOAD_REASON } from '../../ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE } from '../../ndis/TCPSTATE.js';
import { nextTcpState } from '../tcpStateMachine.js';
import type { LayerReporter } from '../LayerReporter.js';
import { initiateOffload } from './initiateOffload.js';
import { DelegatedTcpStore } from './DelegatedTcpStore.js';
import { fourTupleText, pathKey, portsKey, tcpObjectsUnder, type FourTuple, type TargetObject } from './TargetObject.js';

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
  /** Raise NdisTcpOffloadEventHandler for the connection with this 4-tuple. */
  | { type: 'IndicateTcpEvent'; connection: FourTuple; EventType: number; EventSpecificInformation: number }
  /** Raise NdisMIndicateStatusEx (OFFLOAD_PAUSE, UPLOAD_ALL, OFFLOAD_RESUME). */
  | { type: 'IndicateStatus'; StatusCode: number }
  /** Raise NdisMOffloadEventIndicate(NeighborReachabilityQuery) for the neighbor of this connection. */
  | { type: 'IndicateNeighborReachabilityQuery'; connection: FourTuple; NicReachabilityDelta: number }
  /** The next initiate of this connection fails with this status. */
  | { type: 'PlanInitiateFailure'; connection: FourTuple; Status: number };

export type OffloadTargetEvent = MiniportEdgeEvent | OffloadTargetCommand;

export interface OffloadTargetContext {
  readonly name: string;
  readonly ndis: NdisLibrary;
  readonly miniportHandle: NdisMiniportHandle;
  readonly capacity: TargetCapacity;
  readonly used: TargetCapacity;
  /** Path objects by pathKey; each holds its TCP objects by portsKey. */
  readonly paths: Map<string, TargetObject>;
  /** The delegated TCP state of every offloaded connection ("NIC memory"). */
  readonly delegated: DelegatedTcpStore;
  /** Planned initiate failures, by fourTupleText. */
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
  if (o.layer === 'Tcp') c.delegated.release(o.slot);
  if (o.layer === 'Path') c.paths.delete(pathKeyOf(o));
  for (const d of o.dependents?.values() ?? []) free(c, d, freed);
}

function pathKeyOf(path: TargetObject): string {
  const k = (path.state as PathOffloadStructures).Const!;
  return pathKey(k.SourceAddress, k.DestinationAddress);
}

/** The TCP object of a 4-tuple, found as a received segment would find it. */
function findConnection(c: OffloadTargetContext, t: FourTuple): TargetObject | undefined {
  return c.paths.get(pathKey(t.localAddress, t.remoteAddress))?.dependents?.get(portsKey(t.localPort, t.remotePort));
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
        admit: (layer, connection) => {
          const planned = connection && c.plannedFailures.size > 0 ? c.plannedFailures.get(fourTupleText(connection)) : undefined;
          if (planned !== undefined) {
            c.plannedFailures.delete(fourTupleText(connection!));
            return planned;
          }
          return c.used[layer] >= c.capacity[layer] ? ENTRIES_STATUS[layer] : NDIS_STATUS.NDIS_STATUS_SUCCESS;
        },
        create: (node, layer, parent, connection) => {
          const serial = c.serials.nextSerial();
          const tcp = layer === 'Tcp' ? (node.State as TcpOffloadStructures) : null;
          const o: TargetObject = {
            owner: c.name, serial, layer, NdisOffloadHandle: node.NdisOffloadHandle!, parent,
            dependents: tcp ? null : new Map(), state: tcp ? null : node.State!, cached: tcp?.Cached ?? null,
            slot: tcp ? c.delegated.store(tcp.Delegated!) : -1,
            key: connection ? portsKey(connection.localPort, connection.remotePort) : serial,
            invalidated: false, uploadRequested: false,
          };
          c.used[layer]++;
          parent?.dependents?.set(o.key, o);
          if (layer === 'Path') c.paths.set(pathKeyOf(o), o);
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
        if (out && o.layer === 'Tcp') c.delegated.copyOut(o.slot, out);
        node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
      });
      // Free after every node was read: a dependent listed below its parent is still found.
      const freed = new Set<TargetObject>();
      for (const node of blocksOf(event.OffloadBlockList)) {
        const o = objectOf(c, node);
        if (o) free(c, o, freed);
      }
      for (const o of freed) if (o.parent && !freed.has(o.parent)) o.parent.dependents?.delete(o.key);
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
        if (cached && o.layer === 'Tcp') o.cached = cached as TCP_OFFLOAD_STATE_CACHED;
        else if (cached && o.state) o.state = { ...o.state, Cached: cached } as OffloadStateStructures;
        const newParent = parent ? objectOf(c, parent) : null;
        if (newParent && o.layer === 'Path' && newParent.layer === 'Neighbor' && o.parent !== newParent) {
          o.parent?.dependents?.delete(o.key);
          o.parent = newParent;
          newParent.dependents?.set(o.key, o);
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
        if (out?.Delegated && o.layer === 'Tcp') {
          c.delegated.copyOut(o.slot, out.Delegated);
          out.Delegated.SendBacklogSize = 0;
          out.Delegated.ReceiveBacklogSize = 0;
        }
        const ownCached = o.cached ?? o.state?.Cached;
        if (out?.Cached && ownCached) Object.assign(out.Cached, ownCached);
        node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
      });
      c.ndis.NdisMQueryOffloadStateComplete(c.miniportHandle, event.OffloadBlockList);
    },

    /** The network or the NIC gives the target a reason to indicate an event on one connection. */
    IndicateTcpEvent: ({ context: c, event }) => {
      if (event.type !== 'IndicateTcpEvent') return;
      const o = findConnection(c, event.connection);
      if (!o) {
        c.report.decision(`has no offloaded connection ${fourTupleText(event.connection)}; nothing to indicate`);
        return;
      }
      if (event.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect) {
        // The peer's FIN moves the RFC 793 state the target keeps in the delegated state.
        const state = c.delegated.tcpState(o.slot);
        c.delegated.setTcpState(o.slot, nextTcpState(state, { type: 'TcpIndicateDisconnect' }) ?? state);
      } else if (event.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort) {
        c.delegated.setTcpState(o.slot, TCPSTATE.TCPSTATE_CLOSED);
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
      const neighbor = findConnection(c, event.connection)?.parent?.parent;
      if (!neighbor) {
        c.report.decision(`has no offloaded neighbor for ${fourTupleText(event.connection)}; no NeighborReachabilityQuery`);
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
      if (event.type === 'PlanInitiateFailure') c.plannedFailures.set(fourTupleText(event.connection), event.Status);
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
    paths: new Map(),
    delegated: new DelegatedTcpStore(),
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

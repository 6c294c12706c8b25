/**
 * The host stack's state (plain data), what each of its handler calls works with (the state, the NDIS
 * library, the reporter, its port on the wire), and the helpers that find its records and move their
 * regions through their machines.
 */
import type { NdisBindingHandle } from '../../ndis/calls.js';
import type { NdisLibrary } from '../../ndis/NdisLibrary.js';
import type { NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { offloadStateShortName, TCP_CONNECTION_OFFLOAD_STATE } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { tcpStateShortName } from '../../ndis/TCPSTATE.js';
import { nextOffloadState, type OffloadStateEvent } from '../../machines/offloadStateMachine.js';
import { nextTcpState, type TcpStateEvent } from '../../machines/tcpStateMachine.js';
import { pathKey, portsKey, type FourTuple } from '../../wire/FourTuple.js';
import type { Segment } from '../../wire/Segment.js';
import type { LayerReporter } from '../LayerReporter.js';
import { objectRef, type HostNeighbor, type HostObject, type HostPath, type Tcb } from './Tcb.js';

/** What the host does with an optional TcpIndicateRetrieve. */
export type OptionalRetrievePolicy = 'upload' | 'keep';

export interface HostPolicy {
  /** Optional TCP_UPLOAD_REASONs: upload (default) or keep the connection offloaded. */
  optionalRetrieve: OptionalRetrievePolicy;
  /** Terminate a path or neighbor together with its last connection (default true). */
  releaseUnusedPathsAndNeighbors: boolean;
  /** The answer to NeighborReachabilityQuery: true = reachable (non-zero HRD), false = stale (HRD 0). */
  neighborReachable: boolean;
  /** Bytes of received data the host keeps for a connection until the application reads it (its socket receive buffer). */
  receiveBuffer: number;
}

export const DEFAULT_HOST_POLICY: HostPolicy = {
  optionalRetrieve: 'upload', releaseUnusedPathsAndNeighbors: true, neighborReachable: true, receiveBuffer: 65_535,
};

export interface HostState {
  /** The layer's name (`host`): the owner of its handles. */
  readonly name: string;
  readonly NdisBindingHandle: NdisBindingHandle;
  readonly policy: HostPolicy;
  /** The next handle id. */
  nextHandleId: number;
  /** TCBs by label (`tcp c1`), in the order they were made. */
  readonly tcbs: Record<string, Tcb>;
  /** Paths by pathKey. */
  readonly paths: Record<string, HostPath>;
  /** Neighbors by next hop. */
  readonly neighbors: Record<string, HostNeighbor>;
  /** The object each of its handles stands for: objectRef by `h<handle id>`. */
  readonly byHandle: Record<number, string>;
  /** Paths (keys) whose next hop is changing (see hostRelink). */
  relinks: string[];
  /** Connections (labels) the host decided to offload while their path or neighbor was on its way in or out. */
  offloadsWaiting: string[];
  /** The target said OFFLOAD_PAUSE or UPLOAD_ALL and not yet OFFLOAD_RESUME (adapterStateMachine's OffloadPaused). */
  paused: boolean;
  /** NDIS_STATUS_UPLOAD_ALL is being carried out: every path and neighbor goes once idle (until RESUME). */
  releaseAll: boolean;
  /** Connections (labels) with an NdisUpdateOffload in flight (one at a time per object). */
  updating: string[];
  /** Objects (objectRef) the host invalidated and has not uploaded yet (no update or second invalidate for them). */
  invalidated: string[];
}

/** One handler call: the host's state and the services it uses. */
export interface HostContext {
  readonly s: HostState;
  readonly ndis: NdisLibrary;
  readonly report: LayerReporter;
}

/** The host's own TCP sends a segment: a frame down the normal send path, through every IM to the NIC (NdisSendNetBufferLists). */
export function sendSegment(c: HostContext, segment: Segment): void {
  c.ndis.NdisSendNetBufferLists(c.s.NdisBindingHandle, { segment });
}

/** A new handle of the host's for one of its objects. */
export function allocateHandle(s: HostState, label: string, ref: string): NDIS_OFFLOAD_HANDLE {
  const id = s.nextHandleId++;
  s.byHandle[id] = ref;
  return { owner: s.name, id, label };
}

/** The record an objectRef names. */
export function objectByRef(s: HostState, ref: string): HostObject | undefined {
  const key = ref.slice(2);
  switch (ref[0]) {
    case 'T':
      return s.tcbs[key];
    case 'P':
      return s.paths[key];
    case 'N':
      return s.neighbors[key];
    default:
      return undefined;
  }
}

/** The host record a handle stands for, if the handle is the host's own. */
export function recordOfHandle(s: HostState, h: NDIS_OFFLOAD_HANDLE | null | undefined): HostObject | undefined {
  if (!h || h.owner !== s.name) return undefined;
  const ref = s.byHandle[h.id];
  return ref === undefined ? undefined : objectByRef(s, ref);
}

/** The path a TCB is on. */
export function pathOf(s: HostState, t: Tcb): HostPath {
  return s.paths[t.path]!;
}

/** The neighbor a path goes through. */
export function neighborOf(s: HostState, p: HostPath): HostNeighbor {
  return s.neighbors[p.neighbor]!;
}

/** The TCBs of a path, in the order they were made. */
export function tcbsOfPath(s: HostState, p: HostPath): Tcb[] {
  return Object.values(p.tcbs).map((label) => s.tcbs[label]!);
}

/** The TCB an NBL the host made belongs to (its ProtocolReserved holds the TCB's label). */
export function tcbOfNbl(s: HostState, n: { ProtocolReserved: unknown }): Tcb | undefined {
  return typeof n.ProtocolReserved === 'string' ? s.tcbs[n.ProtocolReserved] : undefined;
}

/** Adds a value to a list used as a set (insertion order kept). */
export function addTo(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** Removes a value from a list used as a set. */
export function removeFrom(list: string[], value: string): void {
  const at = list.indexOf(value);
  if (at >= 0) list.splice(at, 1);
}

/** Moves an object's offload region along the offload-state graph; reports the change. */
export function moveOffload(c: HostContext, o: HostObject, event: OffloadStateEvent): boolean {
  const next = nextOffloadState(o.offload, event);
  if (next === undefined) {
    if (c.report.wanted) c.report.decision(`ignores ${event.type}: not legal while ${offloadStateShortName(o.offload)}`, o.label);
    return false;
  }
  const from = o.offload;
  o.offload = next;
  // An object back in the host is no longer invalidated (the context the layer below wrote is gone too).
  if (next === TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateInHost) removeFrom(c.s.invalidated, objectRef(o));
  c.report.stateChange(o.label, 'offload', from, next, event.type);
  return true;
}

/** Moves a TCB's RFC 793 region; reports the change. */
export function moveTcp(c: HostContext, t: Tcb, event: TcpStateEvent): boolean {
  const next = nextTcpState(t.tcp, event);
  if (next === undefined) {
    if (c.report.wanted) c.report.decision(`${event.type} cannot happen in ${tcpStateShortName(t.tcp)}; TCP state unchanged`, t.label);
    return false;
  }
  const from = t.tcp;
  t.tcp = next;
  c.report.stateChange(t.label, 'tcp', from, next, event.type);
  return true;
}

/** The TCB of a 4-tuple, as a received segment finds it. */
export function tcbOf(s: HostState, t: FourTuple): Tcb | undefined {
  const label = s.paths[pathKey(t.localAddress, t.remoteAddress)]?.tcbs[portsKey(t.localPort, t.remotePort)];
  return label === undefined ? undefined : s.tcbs[label];
}


/** The host stack's context and the helpers that move a record's regions through their machines. */
import type { NdisBindingHandle, NdisLibrary } from '../../ndis/calls.js';
import type { HandleAllocator } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { NblSerials } from '../../ndis/NET_BUFFER_LIST.js';
import { offloadStateShortName, TCP_CONNECTION_OFFLOAD_STATE } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { tcpStateShortName } from '../../ndis/TCPSTATE.js';
import type { LayerReporter } from '../LayerReporter.js';
import { pathKey, portsKey, type FourTuple } from '../offloadTarget/TargetObject.js';
import type { Segment } from '../../wire/Segment.js';
import { nextOffloadState, type OffloadStateEvent } from '../offloadStateMachine.js';
import { nextTcpState, type TcpStateEvent } from '../tcpStateMachine.js';
import type { HostNeighbor, HostObject, HostPath, Tcb } from './Tcb.js';

/** What the host does with an optional TcpIndicateRetrieve. */
export type OptionalRetrievePolicy = 'upload' | 'keep';

export interface HostPolicy {
  /** Optional TCP_UPLOAD_REASONs: upload (default) or keep the connection offloaded. */
  optionalRetrieve: OptionalRetrievePolicy;
  /** Terminate a path or neighbor together with its last connection (default true). */
  releaseUnusedPathsAndNeighbors: boolean;
  /** The answer to NeighborReachabilityQuery: true = reachable (non-zero HRD), false = stale (HRD 0). */
  neighborReachable: boolean;
  /** Deliberate fault, for negative scenarios: mandatory TcpIndicateRetrieve reasons are ignored too. */
  ignoreMandatoryRetrieve: boolean;
  /** Deliberate fault, for negative scenarios: offloads even after OFFLOAD_PAUSE / UPLOAD_ALL. */
  offloadWhilePaused: boolean;
  /** Bytes of received data the host keeps for a connection until the application reads it (its socket receive buffer). */
  receiveBuffer: number;
}

export const DEFAULT_HOST_POLICY: HostPolicy = {
  optionalRetrieve: 'upload', releaseUnusedPathsAndNeighbors: true, neighborReachable: true,
  ignoreMandatoryRetrieve: false, offloadWhilePaused: false, receiveBuffer: 65_535,
};

export interface HostContext {
  readonly name: string;
  readonly ndis: NdisLibrary;
  readonly bindingHandle: NdisBindingHandle;
  readonly handles: HandleAllocator;
  readonly report: LayerReporter;
  readonly policy: HostPolicy;
  readonly tcbs: Map<string, Tcb>;
  /** This machine's port on the wire (the host's own TCP sends through the NIC's normal path). */
  readonly transmit: (s: Segment) => void;
  readonly paths: Map<string, HostPath>;
  readonly neighbors: Map<string, HostNeighbor>;
  /** Paths whose next hop is changing (see hostRelink). */
  readonly relinks: Set<HostPath>;
  /** Connections the host decided to offload while their path or neighbor was on its way in or out. */
  readonly offloadsWaiting: Set<Tcb>;
  /** The target said OFFLOAD_PAUSE or UPLOAD_ALL and not yet OFFLOAD_RESUME (mirrors the machine state, for helpers). */
  paused: boolean;
  /** Serial numbers of the NBLs the host allocates (shared with the target). */
  readonly nbls: NblSerials;
  /** NDIS_STATUS_UPLOAD_ALL is being carried out: every path and neighbor goes once idle (until RESUME). */
  releaseAll: boolean;
  /** Connections with an NdisUpdateOffload in flight (one at a time per object). */
  readonly updating: Set<Tcb>;
  /** Objects the host invalidated and has not uploaded yet (no update or second invalidate for them). */
  readonly invalidated: Set<HostObject>;
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
  // The context the layer below wrote is valid only while the object is offloaded.
  if (next === TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateInHost) {
    o.handle.assign(null);
    c.invalidated.delete(o);
  }
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
export function tcbOf(c: HostContext, t: FourTuple): Tcb | undefined {
  return c.paths.get(pathKey(t.localAddress, t.remoteAddress))?.tcbs.get(portsKey(t.localPort, t.remotePort));
}

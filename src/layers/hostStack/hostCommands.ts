/**
 * What the host stack does on its own initiative: open connections, and decide to offload, upload,
 * update, invalidate or query (the commands a user, a test or a scenario gives it).
 */
import { createProtocolBlockList } from '../../ndis/blockList.js';
import { OFFLOAD_STATE_TYPE } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S, offloadStateShortName } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { isOffloadableTcpState, TCPSTATE, tcpStateShortName } from '../../ndis/TCPSTATE.js';
import type { TCP_OFFLOAD_STATE_CACHED } from '../../ndis/stateStructures.js';
import { pathKey, portsKey } from '../../wire/FourTuple.js';
import { addTo, allocateHandle, moveOffload, neighborOf, pathOf, removeFrom, type HostContext, type HostState } from './HostContext.js';
import { buildInitiateTree, DEFAULT_TCP_CACHED, delegatedTcpState, pathStateType } from './offloadTrees.js';
import { objectRef, type HostNeighbor, type HostObject, type Tcb } from './Tcb.js';

/** A connection the host stack has set up (the application's socket). */
export interface ConnectionSpec {
  id: string;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  owningPid: number;
  /** TCPSTATE; ESTABLISHED when omitted. */
  state?: number;
  /** The next hop's address; the remote address (on-link) when omitted. */
  nextHop?: string;
}

/** The label (and key) of a connection's TCB. */
export function tcbLabel(id: string): string {
  return `tcp ${id}`;
}

/** Creates the TCB (and its path and neighbor records when new). */
export function addConnection(s: HostState, spec: ConnectionSpec): void {
  const label = tcbLabel(spec.id);
  if (s.tcbs[label]) throw new RangeError(`connection '${spec.id}' already exists`);
  const neighbor = neighborFor(s, spec.nextHop ?? spec.remoteAddress);
  const key = pathKey(spec.localAddress, spec.remoteAddress);
  let path = s.paths[key];
  if (!path) {
    const pathLabel = `path ${spec.remoteAddress}`;
    path = s.paths[key] = {
      kind: 'Path', key, label: pathLabel, SourceAddress: spec.localAddress, DestinationAddress: spec.remoteAddress, neighbor: neighbor.key,
      relinkTo: null, updating: false, nextHopLater: null, handle: allocateHandle(s, pathLabel, `P ${key}`), offload: S.TcpConnectionOffloadStateInHost,
      users: 0, tcbs: {},
    };
  }
  s.tcbs[label] = {
    kind: 'Tcp', id: spec.id, label, localAddress: spec.localAddress, localPort: spec.localPort, remoteAddress: spec.remoteAddress,
    remotePort: spec.remotePort, owningPid: spec.owningPid, path: key, handle: allocateHandle(s, label, `T ${label}`),
    tcp: spec.state ?? TCPSTATE.TCPSTATE_ESTABLISHED, offload: S.TcpConnectionOffloadStateInHost, sendBacklog: 0, uploadOwed: 0, opsInFlight: 0,
    disconnectIndicated: false, aborted: false, stream: null, returnedState: null,
  };
  path.tcbs[portsKey(spec.localPort, spec.remotePort)] = label;
}

/** The host's neighbor record for a next hop, created on first use. */
export function neighborFor(s: HostState, hop: string): HostNeighbor {
  let neighbor = s.neighbors[hop];
  if (!neighbor) {
    const label = `neighbor ${hop}`;
    neighbor = s.neighbors[hop] = {
      kind: 'Neighbor', key: hop, label, mac: macFor(Object.keys(s.neighbors).length + 1), handle: allocateHandle(s, label, `N ${hop}`),
      offload: S.TcpConnectionOffloadStateInHost, users: 0,
    };
  }
  return neighbor;
}

function macFor(n: number): string {
  return `02:00:00:00:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`;
}

/** The TCBs named, or a RangeError naming the unknown one. */
export function tcbsNamed(s: HostState, ids: readonly string[]): Tcb[] {
  return ids.map((id) => {
    const t = s.tcbs[tcbLabel(id)];
    if (!t) throw new RangeError(`no connection '${id}' (known: ${Object.values(s.tcbs).map((x) => x.id).join(', ') || 'none'})`);
    return t;
  });
}

const settled = (o: { offload: number }) =>
  o.offload === S.TcpConnectionOffloadStateInHost || o.offload === S.TcpConnectionOffloadStateOffloaded;
/** A connection's path and neighbor can be linked to: settled, and the path not waiting to be uploaded for a new next hop. */
function linkable(s: HostState, t: Tcb): boolean {
  const path = pathOf(s, t);
  return settled(path) && settled(neighborOf(s, path)) && !path.nextHopLater;
}

/** Offloads the connections that can go (InHost, synchronized TCP state, path and neighbor settled): one NdisInitiateOffload. */
export function initiateOffload(c: HostContext, tcbs: readonly Tcb[]): void {
  const s = c.s;
  const going: Tcb[] = [];
  for (const t of tcbs) {
    const why =
      t.offload !== S.TcpConnectionOffloadStateInHost ? `it is ${offloadStateShortName(t.offload)}`
      : !isOffloadableTcpState(t.tcp) ? `TCP state ${tcpStateShortName(t.tcp)} cannot be offloaded`
      : undefined;
    if (why) c.report.decision(`does not offload ${t.label}: ${why}`, t.label);
    else if (!linkable(s, t)) {
      // Objects being offloaded or terminated cannot be linked to: offload once they settle.
      addTo(s.offloadsWaiting, t.label);
      if (c.report.wanted) c.report.decision(`offloads ${t.label} once its path and neighbor have finished being offloaded or uploaded`, t.label);
    } else going.push(t);
  }
  if (going.length === 0) return;
  const root = buildInitiateTree(c, going);
  for (const t of going) {
    const path = pathOf(s, t);
    if (path.offload === S.TcpConnectionOffloadStateInHost) {
      const neighbor = neighborOf(s, path);
      if (neighbor.offload === S.TcpConnectionOffloadStateInHost) moveOffload(c, neighbor, { type: 'NdisInitiateOffload' });
      neighbor.users++;
      moveOffload(c, path, { type: 'NdisInitiateOffload' });
    }
    path.users++;
    moveOffload(c, t, { type: 'NdisInitiateOffload' });
  }
  c.ndis.NdisInitiateOffload(s.NdisBindingHandle, root);
}

/**
 * Why the host makes no update, invalidate or query of `o` now, or undefined when it may: only an
 * Offloaded object (none being offloaded or uploaded, reference §8 items 3 and 6), one update at a time
 * and none, nor a second invalidate, once the host has invalidated it (§8 item 5). The host says so and
 * makes no call: what it was told to do is a wish, the rules are not.
 */
function whyNot(s: HostState, o: HostObject, op: 'Update' | 'Invalidate' | 'Query'): string | undefined {
  if (o.offload !== S.TcpConnectionOffloadStateOffloaded) return `it is ${offloadStateShortName(o.offload)}`;
  if (op !== 'Query' && s.invalidated.includes(objectRef(o))) return 'the host invalidated it (the target will ask to upload it)';
  if (op === 'Update' && o.kind === 'Tcp' && s.updating.includes(o.label)) return 'an update of it is still in flight (one at a time)';
  return undefined;
}

/** Checks `whyNot`; when the host may not, it reports why and returns false. */
function mayOperate(c: HostContext, o: HostObject, op: 'Update' | 'Invalidate' | 'Query'): boolean {
  const why = whyNot(c.s, o, op);
  if (why !== undefined) c.report.decision(`does not ${op.toLowerCase()} ${o.label}: ${why}`, o.label);
  return why === undefined;
}

/** NdisUpdateOffload of one connection's cached variables. */
export function updateOffload(c: HostContext, t: Tcb, cached: Partial<TCP_OFFLOAD_STATE_CACHED>): void {
  if (!mayOperate(c, t, 'Update')) return;
  const node = createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadCachedState, t.handle, { Cached: { ...DEFAULT_TCP_CACHED, ...cached } });
  t.opsInFlight++;
  addTo(c.s.updating, t.label);
  c.ndis.NdisUpdateOffload(c.s.NdisBindingHandle, node);
}

/** NdisInvalidateOffload of a connection, its path or its neighbor (block lists only). */
export function invalidateOffload(c: HostContext, t: Tcb, layer: 'Tcp' | 'Path' | 'Neighbor'): void {
  const path = pathOf(c.s, t);
  const o: HostObject = layer === 'Tcp' ? t : layer === 'Path' ? path : neighborOf(c.s, path);
  if (!mayOperate(c, o, 'Invalidate')) return;
  const type = layer === 'Tcp' ? OFFLOAD_STATE_TYPE.TcpOffloadState : layer === 'Path' ? pathStateType(path) : OFFLOAD_STATE_TYPE.NeighborOffloadState;
  if (o === t) t.opsInFlight++;
  addTo(c.s.invalidated, objectRef(o));
  c.ndis.NdisInvalidateOffload(c.s.NdisBindingHandle, createProtocolBlockList(type, o.handle, null));
}

/** NdisQueryOffloadState of one connection: the target fills the delegated structure (with the backlog sizes). */
export function queryOffload(c: HostContext, t: Tcb): void {
  if (!mayOperate(c, t, 'Query')) return;
  const node = createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadDelegatedState, t.handle, { Delegated: delegatedTcpState(t.tcp) });
  t.opsInFlight++;
  c.ndis.NdisQueryOffloadState(c.s.NdisBindingHandle, node);
}

/** After a completion: offloads the connections that were waiting for their path and neighbor to settle. */
export function offloadWaiting(c: HostContext): void {
  const s = c.s;
  if (s.offloadsWaiting.length === 0 || s.paused) return;
  const ready = s.offloadsWaiting.map((label) => s.tcbs[label]!).filter((t) => linkable(s, t));
  for (const t of ready) removeFrom(s.offloadsWaiting, t.label);
  if (ready.length > 0) initiateOffload(c, ready);
}

/**
 * What the host stack does on its own initiative: open connections, and decide to offload, upload,
 * update, invalidate or query (the commands a user, a test or a scenario gives it).
 */
import { createProtocolBlockList } from '../../ndis/blockList.js';
import { pathKey, portsKey } from '../offloadTarget/TargetObject.js';
import { OFFLOAD_STATE_TYPE } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S, offloadStateShortName } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCPSTATE, tcpStateShortName } from '../../ndis/TCPSTATE.js';
import type { TCP_OFFLOAD_STATE_CACHED } from '../../ndis/stateStructures.js';
import { moveOffload, type HostContext } from './HostContext.js';
import { buildInitiateTree, DEFAULT_TCP_CACHED, delegatedTcpState, pathStateType } from './offloadTrees.js';
import type { HostNeighbor, HostObject, HostPath, Tcb } from './Tcb.js';

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

/** Creates the TCB (and its path and neighbor records when new). */
export function addConnection(c: HostContext, spec: ConnectionSpec): void {
  if (c.tcbs.has(spec.id)) throw new RangeError(`connection '${spec.id}' already exists`);
  const neighbor = neighborFor(c, spec.nextHop ?? spec.remoteAddress);
  const key = pathKey(spec.localAddress, spec.remoteAddress);
  let path = c.paths.get(key);
  if (!path) {
    const p = {
      kind: 'Path', key, label: `path ${spec.remoteAddress}`, SourceAddress: spec.localAddress,
      DestinationAddress: spec.remoteAddress, neighbor, relinkTo: null, updating: false, nextHopLater: null, offload: S.TcpConnectionOffloadStateInHost, users: 0,
      tcbs: new Map(),
    } as HostPath;
    p.handle = c.handles.allocate(p.label, p);
    c.paths.set(key, (path = p));
  }
  const t = {
    kind: 'Tcp', id: spec.id, label: `tcp ${spec.id}`, localAddress: spec.localAddress, localPort: spec.localPort,
    remoteAddress: spec.remoteAddress, remotePort: spec.remotePort, owningPid: spec.owningPid, path,
    tcp: spec.state ?? TCPSTATE.TCPSTATE_ESTABLISHED, offload: S.TcpConnectionOffloadStateInHost, sendBacklog: 0,
    uploadOwed: 0, opsInFlight: 0, disconnectIndicated: false, aborted: false, returnedState: null,
    stream: null,
  } as Tcb;
  t.handle = c.handles.allocate(t.label, t);
  c.tcbs.set(spec.id, t);
  path.tcbs.set(portsKey(t.localPort, t.remotePort), t);
}

/** The host's neighbor record for a next hop, created on first use. */
export function neighborFor(c: HostContext, hop: string): HostNeighbor {
  let neighbor = c.neighbors.get(hop);
  if (!neighbor) {
    const n = { kind: 'Neighbor', key: hop, label: `neighbor ${hop}`, mac: macFor(c.neighbors.size + 1), offload: S.TcpConnectionOffloadStateInHost, users: 0 } as HostNeighbor;
    n.handle = c.handles.allocate(n.label, n);
    c.neighbors.set(hop, (neighbor = n));
  }
  return neighbor;
}

function macFor(n: number): string {
  return `02:00:00:00:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`;
}

/** The TCBs named, or a RangeError naming the unknown one. */
export function tcbsNamed(c: HostContext, ids: readonly string[]): Tcb[] {
  return ids.map((id) => {
    const t = c.tcbs.get(id);
    if (!t) throw new RangeError(`no connection '${id}' (known: ${[...c.tcbs.keys()].join(', ') || 'none'})`);
    return t;
  });
}

const OFFLOADABLE = new Set<number>([
  TCPSTATE.TCPSTATE_ESTABLISHED, TCPSTATE.TCPSTATE_FIN_WAIT_1, TCPSTATE.TCPSTATE_FIN_WAIT_2,
  TCPSTATE.TCPSTATE_CLOSE_WAIT, TCPSTATE.TCPSTATE_CLOSING, TCPSTATE.TCPSTATE_LAST_ACK,
]);
const settled = (o: { offload: number }) =>
  o.offload === S.TcpConnectionOffloadStateInHost || o.offload === S.TcpConnectionOffloadStateOffloaded;
/** A connection's path and neighbor can be linked to: settled, and the path not waiting to be uploaded for a new next hop. */
const linkable = (t: Tcb) => settled(t.path) && settled(t.path.neighbor) && !t.path.nextHopLater;

/** Offloads the connections that can go (InHost, synchronized TCP state, path and neighbor settled): one NdisInitiateOffload. */
export function initiateOffload(c: HostContext, tcbs: readonly Tcb[]): void {
  const going: Tcb[] = [];
  for (const t of tcbs) {
    const why =
      t.offload !== S.TcpConnectionOffloadStateInHost ? `it is ${offloadStateShortName(t.offload)}`
      : !OFFLOADABLE.has(t.tcp) ? `TCP state ${tcpStateShortName(t.tcp)} cannot be offloaded`
      : undefined;
    if (why) c.report.decision(`does not offload ${t.label}: ${why}`, t.label);
    else if (!linkable(t)) {
      // Objects being offloaded or terminated cannot be linked to: offload once they settle.
      c.offloadsWaiting.add(t);
      if (c.report.wanted) c.report.decision(`offloads ${t.label} once its path and neighbor have finished being offloaded or uploaded`, t.label);
    } else going.push(t);
  }
  if (going.length === 0) return;
  const root = buildInitiateTree(c, going);
  for (const t of going) {
    const { path } = t;
    if (path.offload === S.TcpConnectionOffloadStateInHost) {
      if (path.neighbor.offload === S.TcpConnectionOffloadStateInHost) moveOffload(c, path.neighbor, { type: 'NdisInitiateOffload' });
      path.neighbor.users++;
      moveOffload(c, path, { type: 'NdisInitiateOffload' });
    }
    path.users++;
    moveOffload(c, t, { type: 'NdisInitiateOffload' });
  }
  c.ndis.NdisInitiateOffload(c.bindingHandle, root);
}

/**
 * Why the host makes no update, invalidate or query of `o` now, or undefined when it may: only an
 * Offloaded object (none being offloaded or uploaded, reference §8 items 3 and 6), one update at a time
 * and none, nor a second invalidate, once the host has invalidated it (§8 item 5). The host says so and
 * makes no call: what it was told to do is a wish, the rules are not.
 */
function whyNot(c: HostContext, o: HostObject, op: 'Update' | 'Invalidate' | 'Query'): string | undefined {
  if (o.offload !== S.TcpConnectionOffloadStateOffloaded) return `it is ${offloadStateShortName(o.offload)}`;
  if (op !== 'Query' && c.invalidated.has(o)) return 'the host invalidated it (the target will ask to upload it)';
  if (op === 'Update' && o.kind === 'Tcp' && c.updating.has(o)) return 'an update of it is still in flight (one at a time)';
  return undefined;
}

/** Checks `whyNot`; when the host may not, it reports why and returns false. */
function mayOperate(c: HostContext, o: HostObject, op: 'Update' | 'Invalidate' | 'Query'): boolean {
  const why = whyNot(c, o, op);
  if (why !== undefined) c.report.decision(`does not ${op.toLowerCase()} ${o.label}: ${why}`, o.label);
  return why === undefined;
}

/** NdisUpdateOffload of one connection's cached variables. */
export function updateOffload(c: HostContext, t: Tcb, cached: Partial<TCP_OFFLOAD_STATE_CACHED>): void {
  if (!mayOperate(c, t, 'Update')) return;
  const node = createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadCachedState, t.handle, {
    Cached: { ...DEFAULT_TCP_CACHED, ...cached },
  });
  t.opsInFlight++;
  c.updating.add(t);
  c.ndis.NdisUpdateOffload(c.bindingHandle, node);
}

/** NdisInvalidateOffload of a connection, its path or its neighbor (block lists only). */
export function invalidateOffload(c: HostContext, t: Tcb, layer: 'Tcp' | 'Path' | 'Neighbor'): void {
  const o = layer === 'Tcp' ? t : layer === 'Path' ? t.path : t.path.neighbor;
  if (!mayOperate(c, o, 'Invalidate')) return;
  const type = layer === 'Tcp' ? OFFLOAD_STATE_TYPE.TcpOffloadState : layer === 'Path' ? pathStateType(t.path) : OFFLOAD_STATE_TYPE.NeighborOffloadState;
  if (o === t) t.opsInFlight++;
  c.invalidated.add(o);
  c.ndis.NdisInvalidateOffload(c.bindingHandle, createProtocolBlockList(type, o.handle, null));
}

/** NdisQueryOffloadState of one connection: the target fills the delegated structure (with the backlog sizes). */
export function queryOffload(c: HostContext, t: Tcb): void {
  if (!mayOperate(c, t, 'Query')) return;
  const node = createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadDelegatedState, t.handle, { Delegated: delegatedTcpState(t.tcp) });
  t.opsInFlight++;
  c.ndis.NdisQueryOffloadState(c.bindingHandle, node);
}

/** After a completion: offloads the connections that were waiting for their path and neighbor to settle. */
export function offloadWaiting(c: HostContext): void {
  if (c.offloadsWaiting.size === 0 || (c.paused && !c.policy.offloadWhilePaused)) return;
  const ready = [...c.offloadsWaiting].filter(linkable);
  for (const t of ready) c.offloadsWaiting.delete(t);
  if (ready.length > 0) initiateOffload(c, ready);
}

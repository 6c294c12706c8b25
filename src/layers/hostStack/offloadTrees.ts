/**
 * How the host builds block-list trees (reference §4.2): an initiate tree is rooted at the neighbor
 * layer, with linkers for objects already offloaded and new offloads (with their state) for the rest;
 * a terminate tree names the objects to upload, a neighbor or path only together with all of its
 * offloaded dependents. Trees group connections that share a path or neighbor.
 */
import { createProtocolBlockList, withDependents, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import { chainNetBufferLists } from '../../ndis/NET_BUFFER_LIST.js';
import { neighborOf, pathOf } from './HostContext.js';
import { OFFLOAD_STATE_TYPE } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import { sendChainForInitiate } from './hostSend.js';
import { receiveStateForInitiate } from './hostReceive.js';
import type { HostContext, HostState } from './HostContext.js';
import { TIMER_NOT_RUNNING } from '../../ndis/flags.js';
import type { TCP_OFFLOAD_STATE_CACHED, TCP_OFFLOAD_STATE_DELEGATED } from '../../ndis/stateStructures.js';
import type { TCP_OFFLOAD_CONNECTION_STATE } from '../../ndis/TCPSTATE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { HostNeighbor, HostPath, Tcb } from './Tcb.js';

/** The cached TCP variables the host offloads with (the same for every connection here). */
export const DEFAULT_TCP_CACHED: Readonly<TCP_OFFLOAD_STATE_CACHED> = Object.freeze({
  Flags: 0, InitialRcvWnd: 65535, RcvIndicationSize: 0, KaProbeCount: 10, KaTimeout: 7_200_000, KaInterval: 1000,
  MaxRT: 0, FlowLabel: 0, TtlOrHopLimit: 128, TosOrTrafficClass: 0, UserPriority: 0,
});

/** A fresh delegated TCP structure: the initial values on initiate, or the slot the target fills on terminate/query. */
export function delegatedTcpState(State: number): TCP_OFFLOAD_STATE_DELEGATED {
  return {
    State: State as TCP_OFFLOAD_CONNECTION_STATE, Flags: 0, RcvNxt: 0, RcvWnd: 65535, SndUna: 0, SndNxt: 0, SndMax: 0,
    SndWnd: 65535, MaxSndWnd: 65535, SendWL1: 0, CWnd: 14600, SsThresh: 65535, SRtt: 0, RttVar: 0, TsRecent: 0,
    TsRecentAge: 0, TsTime: 0, TotalRT: 0, DupAckCount: 0, SndWndProbeCount: 0,
    KeepAlive: { ProbeCount: 0, TimeoutDelta: TIMER_NOT_RUNNING }, Retransmit: { Count: 0, TimeoutDelta: TIMER_NOT_RUNNING }, DWnd: 0,
  };
}

function neighborNode(n: HostNeighbor): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  const isNew = n.offload === S.TcpConnectionOffloadStateInHost;
  return createProtocolBlockList(
    OFFLOAD_STATE_TYPE.NeighborOffloadState,
    n.handle,
    isNew ? { Const: { DlSourceAddress: '', VlanId: 0 }, Cached: { DlDestinationAddress: n.mac, HostReachabilityDelta: 0 }, Delegated: { NicReachabilityDelta: 0 } } : null,
  );
}

function pathNode(p: HostPath): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  const isNew = p.offload === S.TcpConnectionOffloadStateInHost;
  return createProtocolBlockList(
    pathStateType(p),
    p.handle,
    isNew ? { Const: { SourceAddress: p.SourceAddress, DestinationAddress: p.DestinationAddress }, Cached: { PathMtu: 1500 }, Delegated: {} } : null,
  );
}

/** A new TCP offload, carrying the host's outstanding send data and its unread receive data (reference §6.1). */
function tcpInitiateNode(c: HostContext, t: Tcb): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  // The NBLs go down as the tree's own copies (the host keeps its records of them until the initiate completes).
  const chain = sendChainForInitiate(t).map((n) => ({ ...n }));
  const Delegated = delegatedTcpState(t.tcp);
  // [SndUna, SndNxt) was sent and not yet acknowledged; the rest of the chain was never sent.
  Delegated.SndUna = chain[0]?.DataOffset ?? t.stream?.appBytes ?? 0;
  Delegated.SndNxt = Delegated.SndMax = Math.max(t.stream?.sndNxt ?? 0, Delegated.SndUna);
  if (chain.length > 0) {
    Delegated.SendDataHead = chain[0]!.id;
    Delegated.SendDataTail = chain[chain.length - 1]!.id;
  }
  receiveStateForInitiate(c, t, Delegated);
  const node = createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, t.handle, {
    Const: { Flags: 0, RemotePort: t.remotePort, LocalPort: t.localPort, SndWindScale: 0, RcvWindScale: 0, RemoteMss: 1460, HashValue: 0 },
    Cached: { ...DEFAULT_TCP_CACHED },
    Delegated,
  });
  node.NetBufferListChain = chainNetBufferLists(chain);
  return node;
}

/** Groups items by a key, keeping first-seen order. */
function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of items) {
    const list = out.get(key(t));
    if (list) list.push(t);
    else out.set(key(t), [t]);
  }
  return out;
}

/** One initiate tree for TCBs whose path and neighbor are each InHost or Offloaded. */
export function buildInitiateTree(c: HostContext, tcbs: readonly Tcb[]): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  const s = c.s;
  const neighbors = [...groupBy(tcbs, (t) => neighborOf(s, pathOf(s, t)))].map(([n, ofNeighbor]) =>
    withDependents(
      neighborNode(n),
      [...groupBy(ofNeighbor, (t) => pathOf(s, t))].map(([p, ofPath]) => withDependents(pathNode(p), ofPath.map((t) => tcpInitiateNode(c, t)))),
    ),
  );
  for (let i = 0; i + 1 < neighbors.length; i++) neighbors[i]!.NextBlock = neighbors[i + 1]!;
  return neighbors[0]!;
}

/** What one terminate covers: TCBs, and the paths and neighbors (keys) released with them. */
export interface TerminatePlan {
  tcbs: Tcb[];
  paths: Set<string>;
  neighbors: Set<string>;
}

function tcpTerminateNode(t: Tcb): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  return createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, t.handle, { Delegated: delegatedTcpState(t.tcp) });
}

const bare = (type: number, h: HostPath | HostNeighbor) => createProtocolBlockList(type as 17, h.handle, null);

/** Ip4OffloadState or Ip6OffloadState, by the path's address family. */
export function pathStateType(p: HostPath): typeof OFFLOAD_STATE_TYPE.Ip4OffloadState | typeof OFFLOAD_STATE_TYPE.Ip6OffloadState {
  return p.DestinationAddress.includes(':') ? OFFLOAD_STATE_TYPE.Ip6OffloadState : OFFLOAD_STATE_TYPE.Ip4OffloadState;
}

/**
 * The terminate trees for a plan, one per root layer (siblings share a layer): neighbors released with
 * everything under them, paths released under a neighbor that stays, and connections whose path stays.
 */
export function buildTerminateTrees(s: HostState, plan: TerminatePlan): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[] {
  const roots: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[][] = [[], [], []];
  const byPath = groupBy(plan.tcbs, (t) => t.path);
  const pathTree = (p: HostPath) => withDependents(bare(pathStateType(p), p), (byPath.get(p.key) ?? []).map(tcpTerminateNode));
  const pathsByNeighbor = groupBy([...plan.paths].map((key) => s.paths[key]!), (p) => p.neighbor);
  for (const key of plan.neighbors) {
    const n = s.neighbors[key]!;
    roots[0]!.push(withDependents(bare(OFFLOAD_STATE_TYPE.NeighborOffloadState, n), (pathsByNeighbor.get(key) ?? []).map(pathTree)));
  }
  for (const key of plan.paths) {
    const p = s.paths[key]!;
    if (!plan.neighbors.has(p.neighbor)) roots[1]!.push(pathTree(p));
  }
  for (const t of plan.tcbs) if (!plan.paths.has(t.path)) roots[2]!.push(tcpTerminateNode(t));
  return roots.filter((r) => r.length > 0).map((r) => {
    for (let i = 0; i + 1 < r.length; i++) r[i]!.NextBlock = r[i + 1]!;
    return r[0]!;
  });
}

/**
 * The initiate tree the host hands down (reference §4.2, §6.1): rooted at the neighbor layer, with
 * linkers for objects already offloaded and new offloads (with their state) for the rest. A new TCP
 * offload carries the host's outstanding send data and its unread receive data. Connections that share
 * a path or neighbor share its node.
 */
import { createProtocolBlockList, linkSiblings, withDependents, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../../ndis/blockList.js';
import { chainNetBufferLists } from '../../../ndis/NET_BUFFER_LIST.js';
import { OFFLOAD_STATE_TYPE } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { HostContext } from '../HostContext.js';
import { pathStateType, type HostNeighbor, type HostPath } from '../HostObject.js';
import { neighborOf, pathOf } from '../lookup.js';
import type { Tcb } from '../tcp/Tcb.js';
import { DEFAULT_TCP_CACHED, delegatedTcpState } from './delegatedTcpState.js';
import { TCP_FLAG_KEEP_ALIVE_ENABLED } from '../../../ndis/flags.js';
import { groupBy } from './groupBy.js';
import { receiveStateForInitiate } from './receiveHandover.js';
import { sendChainForInitiate } from './sendChainForInitiate.js';
import { windowsForInitiate } from './windowHandover.js';
import { keptTcpVariables } from './takeBackTcpState.js';
import { handDownRetransmit } from '../tcp/retransmit.js';

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
    isNew ? { Const: { SourceAddress: p.SourceAddress, DestinationAddress: p.DestinationAddress }, Cached: { PathMtu: p.pathMtu ?? 1500 }, Delegated: {} } : null,
  );
}

/** A new TCP offload, carrying the host's outstanding send data and its unread receive data (reference §6.1). */
function tcpInitiateNode(c: HostContext, t: Tcb): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  // The NBLs go down as the tree's own copies (the host keeps its records of them until the initiate completes).
  const chain = sendChainForInitiate(t).map((n) => ({ ...n }));
  // The variables it took back at the last upload go down again (windows, RTT, timers...); State and sequence numbers are its own.
  const Delegated = { ...delegatedTcpState(t.tcp), ...(t.returnedState ? keptTcpVariables(t.returnedState) : {}) };
  // [SndUna, SndNxt) was sent and not yet acknowledged; the rest of the chain was never sent.
  Delegated.SndUna = chain[0]?.DataOffset ?? t.stream?.appBytes ?? 0;
  Delegated.SndNxt = Delegated.SndMax = Math.max(t.stream?.sndNxt ?? 0, Delegated.SndUna);
  handDownRetransmit(c, t, Delegated);
  const head = chain[0];
  const tail = chain[chain.length - 1];
  if (head && tail) {
    Delegated.SendDataHead = head.id;
    Delegated.SendDataTail = tail.id;
  }
  receiveStateForInitiate(c, t, Delegated);
  windowsForInitiate(c, t, Delegated);
  const node = createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, t.handle, {
    Const: { Flags: 0, RemotePort: t.remotePort, LocalPort: t.localPort, SndWindScale: 0, RcvWindScale: 0, RemoteMss: 1460, HashValue: 0 },
    // InitialRcvWnd is the socket's receive buffer (SO_RCVBUF, reference §3.3): the target's receive buffer.
    Cached: { ...DEFAULT_TCP_CACHED, InitialRcvWnd: c.s.policy.receiveWindow, ...(c.s.policy.keepAlive ? { Flags: TCP_FLAG_KEEP_ALIVE_ENABLED } : {}) },
    Delegated,
  });
  node.NetBufferListChain = chainNetBufferLists(chain);
  return node;
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
  const root = linkSiblings(neighbors);
  if (!root) throw new Error('host: an initiate tree needs at least one connection');
  return root;
}

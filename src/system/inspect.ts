/**
 * The one reader of layer state: what the host, the reference target and the peer hold, as views the
 * simulation's observers (tests, the table, the ledger, the CLI) use. Nothing else looks inside a layer.
 */
import { DEFAULT_PEER_WINDOW } from '../wire/window.js';
import { findConnection } from '../drivers/reference/target/TargetCall.js';
import type { TargetObject, TargetState } from '../drivers/reference/target/TargetState.js';
import { MIB_TCP_STATE, mibTcpStateOf, TCPSTATE, type TCPSTATE as TcpState } from '../ndis/TCPSTATE.js';
import type { TCP_CONNECTION_OFFLOAD_STATE } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { HostState } from '../layers/host/HostState.js';
import { tcbLabel } from '../layers/host/lookup.js';
import type { Tcb } from '../layers/host/tcp/Tcb.js';
import type { PeerConnection, RemotePeerState } from '../layers/peer/remotePeer.js';
import type { TcpTableEntry } from '../table/TcpTableEntry.js';
import { fourTupleOf, fourTupleText, type FourTuple } from '../wire/FourTuple.js';

/** A read-only view of one TCB. */
export interface ConnectionView {
  id: string;
  /** The connection as the network names it (local = this host). */
  fourTuple: FourTuple;
  tcp: number;
  offload: number;
  sendBacklog: number;
  disconnectIndicated: boolean;
  aborted: boolean;
  /** Bytes of the peer's stream the application has received, in order. */
  received: number;
}

/** The remote peer's view of a connection. */
export interface PeerView {
  sent: number;
  received: number;
  finSent: boolean;
  reset: boolean;
  /** The window the peer offers (0: its application stopped reading; 65535 until a scenario says otherwise). */
  window: number;
  /** Bytes of this machine's it dropped past a window it had shrunk (only a retransmission brings them back). */
  dropped: number;
}

/** The TCB of a connection id, or a RangeError naming the declared ones. */
export function tcbNamed(host: HostState, id: string): Tcb {
  const t = host.tcbs[tcbLabel(id)];
  if (!t) throw new RangeError(`no connection '${id}' (declared: ${connectionIds(host).join(', ') || 'none'})`);
  return t;
}

/** The ids of the declared connections, in declaration order. */
export function connectionIds(host: HostState): string[] {
  return Object.values(host.tcbs).map((t) => t.id);
}

/** The host's view of a connection. */
export function connectionView(host: HostState, id: string): ConnectionView {
  const t = tcbNamed(host, id);
  return {
    id, fourTuple: fourTupleOf(t), tcp: t.tcp, offload: t.offload, sendBacklog: t.sendBacklog, disconnectIndicated: t.disconnectIndicated, aborted: t.aborted,
    received: t.stream?.appReceived ?? 0,
  };
}

/** What the peer knows of a connection (nothing yet: all zero). */
export function peerConnectionOf(peer: RemotePeerState, t: FourTuple): PeerConnection | undefined {
  return peer.connections[fourTupleText(t)];
}

export function peerView(peer: RemotePeerState, t: FourTuple): PeerView {
  const p = peerConnectionOf(peer, t);
  return { sent: p?.sndNxt ?? 0, received: p?.rcvNxt ?? 0, finSent: p?.finSent ?? false, reset: p?.reset ?? false, window: p?.rcvWnd ?? DEFAULT_PEER_WINDOW, dropped: p?.droppedBytes ?? 0 };
}

/** True when the target's state is the reference target's (a user's target keeps state of its own shape). */
export function isReferenceTargetState(target: unknown): target is TargetState {
  const t = target as Partial<TargetState> | null;
  return typeof t === 'object' && t !== null && typeof t.objects === 'object' && typeof t.paths === 'object' && typeof t.used === 'object';
}

/** The reference target's context area for a connection, found by its 4-tuple (null for another target, or none). */
export function targetConnection(target: unknown, t: FourTuple): TargetObject | null {
  return isReferenceTargetState(target) ? findConnection(target, fourTupleOf(t)) : null;
}

/** Objects the reference target holds, per layer (zeros for another target). */
export function targetUsage(target: unknown): { Neighbor: number; Path: number; Tcp: number } {
  return isReferenceTargetState(target) ? { ...target.used } : { Neighbor: 0, Path: 0, Tcp: 0 };
}

/** The rows GetTcpTable2 / GetTcp6Table2 expose, one per TCB not yet deleted (a CLOSED one shows as DELETE_TCB). */
export function tcpTableEntries(host: HostState): TcpTableEntry[] {
  return Object.values(host.tcbs).filter((t) => !t.deleted).map((t) => ({
    localAddress: t.localAddress,
    localPort: t.localPort,
    remoteAddress: t.remoteAddress,
    remotePort: t.remotePort,
    owningPid: t.owningPid,
    state: t.tcp === TCPSTATE.TCPSTATE_CLOSED ? MIB_TCP_STATE.MIB_TCP_STATE_DELETE_TCB : mibTcpStateOf(t.tcp as TcpState),
    offloadState: t.offload as TCP_CONNECTION_OFFLOAD_STATE,
  }));
}

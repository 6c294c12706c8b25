/**
 * The reference offload target's state, plain data: its capacity and usage, one "offload context area"
 * per offloaded object (reference §4.3) — the state it now owns, the NdisOffloadHandle it must use for
 * indications, its place in the target's inverted tree (TCP -> path -> neighbor) — and the bookkeeping
 * of its receive side, lent NBLs and corrupt-hardware reports. The PVOID it writes into
 * `*MiniportOffloadContext` names a context area: `{ owner: <target name>, id }`.
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../ndis/blockList.js';
import type { NdisMiniportHandle } from '../../../ndis/calls.js';
import type { NDIS_OFFLOAD_HANDLE, OffloadContext } from '../../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import type { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import type { NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import type { OffloadLayer } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import type {
  NEIGHBOR_OFFLOAD_STATE_CACHED,
  NEIGHBOR_OFFLOAD_STATE_CONST,
  NEIGHBOR_OFFLOAD_STATE_DELEGATED,
  PATH_OFFLOAD_STATE_CACHED,
  PATH_OFFLOAD_STATE_CONST,
  PATH_OFFLOAD_STATE_DELEGATED,
  TCP_OFFLOAD_STATE_CACHED,
  TCP_OFFLOAD_STATE_DELEGATED,
} from '../../../ndis/stateStructures.js';
import type { Segment } from '../../../wire/Segment.js';
import type { TcpTimerParameters } from '../../../ndis/TcpTimerParameters.js';
import type { TargetCapacity } from '../../OffloadTarget.js';
import { nextTargetContextState, type TargetContextEvent, type TargetContextState } from '../../../machines/targetContextMachine.js';

/** A connection's receive state; made when it first receives data or a post (most connections never do at scale). */
export interface TargetReceive {
  /** First byte not yet given to the host: [delivered, RcvNxt) waits in the target's buffer. */
  delivered: number;
  /** Posted receive buffers, in posting order (the first may be partly filled). */
  posted: NET_BUFFER_LIST[];
  /** The NdisTcpOffloadReceiveHandler call in flight (its NBL's id), until it returns; null when none. */
  indicating: number | null;
  /** Bytes offered by the indication in flight. */
  indicatingBytes: number;
  /** Bytes in indications the host took (SUCCESS) and has not returned: unread, they still take receive window. */
  lentBytes: number;
  /** The host refused offered data: nothing is offered again until it posts a receive. */
  indicationsBlocked: boolean;
  /** Data before this stream offset came with PSH (or the push timer expired): push-mode buffers holding it complete. */
  pushUpTo: number;
  /** A push timer is pending. */
  pushTimer: boolean;
  /** Where the peer's FIN sits (the end of the data before it; RcvNxt is one past it); -1: none yet. */
  finAt: number;
  /** The FIN came before the offload (the host took it, and knows): no TcpIndicateDisconnect for it. */
  finBeforeOffload: boolean;
  /** TcpIndicateDisconnect was raised. */
  disconnectIndicated: boolean;
  /** Data and FIN segments that arrived ahead of RcvNxt (or after urgent data), in sequence order. */
  outOfOrder: Segment[];
  /** Urgent data arrived at this offset: it and everything after it wait, unacknowledged, for the upload; -1: none. */
  urgentAt: number;
  /** Events it raised on its own before its NdisMInitiateOffloadComplete returned, raised once it has ([EventType, info]). */
  owedEvents: Array<[TCP_OFFLOAD_EVENT_TYPE, number]> | null;
}

/** A neighbor's or a path's state structures as the target keeps them (which of the two: the object's `layer`). */
export interface OwnOffloadState {
  Const?: NEIGHBOR_OFFLOAD_STATE_CONST | PATH_OFFLOAD_STATE_CONST;
  Cached?: NEIGHBOR_OFFLOAD_STATE_CACHED | PATH_OFFLOAD_STATE_CACHED;
  Delegated?: NEIGHBOR_OFFLOAD_STATE_DELEGATED | PATH_OFFLOAD_STATE_DELEGATED;
}

/** The offload target's context area for one state object. */
export interface TargetObject {
  /** Its number: what the target writes into the upper `*MiniportOffloadContext` (as `{ owner, id }`); a freed number is used again. */
  readonly id: number;
  /** Its serial number, never used again: what a timer or a report that may outlive it names it by. */
  readonly serial: number;
  readonly layer: OffloadLayer;
  /** The handle of the layer above; passed back on every indication about this object. */
  readonly NdisOffloadHandle: NDIS_OFFLOAD_HANDLE;
  /** Path of a TCP object, neighbor of a path (its id); null for a neighbor. */
  parent: number | null;
  /**
   * Objects depending on this one, by key: a neighbor's paths (`p<id>`), a path's TCP objects (by
   * `portsKey`, so a received segment finds its connection). Null for TCP.
   */
  readonly dependents: Record<string, number> | null;
  /** Neighbor and path state (Const, Cached, Delegated); null for TCP. */
  state: OwnOffloadState | null;
  /** TCP: its ports (with the path's addresses, its 4-tuple). */
  readonly localPort: number;
  readonly remotePort: number;
  /** TCP cached variables (the host may update them); null for neighbor and path. */
  cached: TCP_OFFLOAD_STATE_CACHED | null;
  /** TCP delegated variables, the target's to change ("NIC memory"); null for neighbor and path. */
  delegated: TCP_OFFLOAD_STATE_DELEGATED | null;
  /** TCP: a graceful disconnect waiting for the peer to ACK its FIN (its NBL, completed then). */
  disconnect: NET_BUFFER_LIST | null;
  /** Where the context area stands (targetContextMachine). */
  life: TargetContextState;
  /** TargetFlags bits (reference §9: non-exclusive conditions of an offloaded object). */
  flags: number;
  /** TCP: send NBLs the target holds (handed down on initiate or posted since), in stream order. */
  sendQueue: NET_BUFFER_LIST[] | null;
  /** TCP: the receive side, made on first use. */
  receive: TargetReceive | null;
  /** TCP: when the retransmit timer fires (virtual µs), while it runs (targetRetransmit). */
  retransmitDue?: number;
  /** TCP: when the keepalive timer fires (virtual µs), while it runs (targetKeepAlive). */
  keepAliveDue?: number;
  /** TCP: data segments taken and not yet ACKed (TcpAckFrequency > 1), while the delayed-ACK timer runs (targetDelayedAck). */
  unackedSegments?: number;
  /** TCP: a graceful disconnect's FIN waits for data the peer's window holds back (absent: no). */
  finOwed?: boolean;
  /** TCP: zero-window probing (persist timer), made on first use; absent: never needed. */
  persist?: TargetPersist;
}

/** A connection's zero-window probing (its probe round is the delegated SndWndProbeCount). */
export interface TargetPersist {
  /** The 1-byte probe in flight: its sequence number; -1: none. */
  probeAt: number;
  /** The persist timer is set. */
  timer: boolean;
}

/** Conditions of a target object, as bits of `flags`. */
export const TargetFlags = {
  /** MiniportInvalidateOffload marked it invalid. */
  Invalidated: 1,
  /** The target asked for a mandatory upload (or was reset): it stops processing the connection. */
  UploadRequested: 2,
  /** Reset (an acceptable RST, or the host's abortive close): later I/O completes with REQUEST_ABORTED. */
  Aborted: 8,
  /** NdisMInitiateOffloadComplete for it has returned: receive indications may start (reference §6.1). */
  InitiateReturned: 16,
  /** Its NIC state is corrupt: the next query, invalidate or terminate of it fails (reference §6.2). */
  HardwareFailure: 32,
} as const;

export function hasFlag(o: TargetObject, flag: number): boolean {
  return (o.flags & flag) !== 0;
}

/** Has a terminate taken the object (its context is no longer valid for I/O and segments)? */
export function isTerminating(o: TargetObject): boolean {
  return o.life !== 'Offloaded';
}

/** Moves the context area along targetContextMachine (unchanged if the event does not move it). */
export function moveContext(o: TargetObject, event: TargetContextEvent): void {
  o.life = nextTargetContextState(o.life, event) ?? o.life;
}

export interface TargetState {
  /** The layer's name (`target`): the owner of its contexts. */
  readonly name: string;
  readonly NdisMiniportHandle: NdisMiniportHandle;
  readonly capacity: TargetCapacity;
  readonly used: TargetCapacity;
  /**
   * Context areas, by id: the id is the slot (a NIC's table of context areas); a freed slot is null and
   * is used again (`freeSlots`) — the ids are the target's own business, never seen above it.
   */
  readonly objects: Array<TargetObject | null>;
  /** Slots of `objects` free for the next context area, last freed first. */
  readonly freeSlots: number[];
  /** The next context area's serial number. */
  nextSerial: number;
  /** Path objects' ids by pathKey. */
  readonly paths: Record<string, number>;
  /** Planned initiate failures, by fourTupleText. */
  readonly plannedFailures: Record<string, NDIS_STATUS>;
  /** The target's receive NBLs the host has (an indication in flight, or kept until MiniportTcpOffloadReceiveReturn): their connection's id, by `n<NBL id>`. */
  readonly lent: Record<number, number>;
  /** Corrupt connections (serial numbers) a failed query or invalidate met, reported once that completion has returned: by report number. */
  readonly hardwareReports: Record<number, number[]>;
  /** The next report id (written in the failed tree's root MiniportReserved[0]). */
  nextReportId: number;
  /** Connections (fourTupleText) the target reset or lost while it owned them, until offloaded again: their data may be gone. */
  readonly resetConnections: Record<string, true>;
  /** Terminates waiting for a receive indication to return before they complete (reference §6.2 step 6). */
  readonly pendingTerminates: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST[];
  /** The TCP timers the host set (OID_TCP_CONNECTION_OFFLOAD_PARAMETERS), kept when the retransmit timer runs; absent: no retransmission (a wire that loses nothing). */
  readonly tcpTimers?: TcpTimerParameters;
}

/** The context area a context names, if it is one of this target's and still allocated. */
export function objectOfContext(s: TargetState, context: OffloadContext | null | undefined): TargetObject | null {
  return context && context.owner === s.name ? (s.objects[context.id] ?? null) : null;
}

/** A TCP object's delegated variables; throws for a neighbor or path object (a bug in the caller). */
export function delegatedOf(o: TargetObject): TCP_OFFLOAD_STATE_DELEGATED {
  if (o.delegated === null) throw new Error(`target object ${o.id} (${o.layer}) has no delegated TCP state`);
  return o.delegated;
}

/** A path object's constant state (its addresses); throws for any other object (a bug in the caller). */
export function pathConstOf(o: TargetObject): PATH_OFFLOAD_STATE_CONST {
  const k = o.state?.Const;
  if (o.layer !== 'Path' || !k || !('SourceAddress' in k)) throw new Error(`target object ${o.id} (${o.layer}) has no path constant state`);
  return k;
}

/** A neighbor object's constant and cached state; throws for any other object (a bug in the caller). */
export function neighborStateOf(o: TargetObject): { Const: NEIGHBOR_OFFLOAD_STATE_CONST; Cached: NEIGHBOR_OFFLOAD_STATE_CACHED } {
  const k = o.state?.Const;
  const cached = o.state?.Cached;
  if (o.layer !== 'Neighbor' || !k || !('DlSourceAddress' in k) || !cached || !('DlDestinationAddress' in cached)) {
    throw new Error(`target object ${o.id} (${o.layer}) has no neighbor state`);
  }
  return { Const: k, Cached: cached };
}

/** The context area an object id names (its parent, a dependent). */
export function objectById(s: TargetState, id: number | null | undefined): TargetObject | null {
  return id == null ? null : (s.objects[id] ?? null);
}

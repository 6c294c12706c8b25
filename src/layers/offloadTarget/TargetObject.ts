/**
 * The offload target's "offload context area" for one state object (reference §4.3): the state it now
 * owns, the NdisOffloadHandle it must use for indications, and its place in the target's inverted tree
 * (TCP -> path -> neighbor). A PVOID to it is what the target writes into `*MiniportOffloadContext`.
 * Delegated TCP state lives in the target's DelegatedTcpStore ("NIC memory"), at row `slot`.
 */
import type { NDIS_OFFLOAD_HANDLE, OffloadContext } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import type { OffloadLayer } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import type { OffloadStateStructures, TCP_OFFLOAD_STATE_CACHED } from '../../ndis/stateStructures.js';

export interface TargetObject extends OffloadContext {
  readonly owner: string;
  readonly serial: number;
  readonly layer: OffloadLayer;
  /** The handle of the layer above; passed back on every indication about this object. */
  readonly NdisOffloadHandle: NDIS_OFFLOAD_HANDLE;
  /** Path of a TCP object, neighbor of a path; null for a neighbor. */
  parent: TargetObject | null;
  /**
   * Objects depending on this one: a neighbor's paths (by serial), a path's TCP objects (by
   * `portsKey`, so a received segment finds its connection). Null for TCP.
   */
  readonly dependents: Map<number, TargetObject> | null;
  /** Neighbor and path state (Const, Cached, Delegated); null for TCP. */
  state: OffloadStateStructures | null;
  /** TCP cached variables (the host may update them); null for neighbor and path. */
  cached: TCP_OFFLOAD_STATE_CACHED | null;
  /** TCP: row of the delegated state in the DelegatedTcpStore; -1 otherwise. */
  readonly slot: number;
  /** TCP: portsKey(LocalPort, RemotePort); path: its serial; neighbor: its serial. */
  readonly key: number;
  /** TCP: a graceful disconnect waiting for the peer to ACK its FIN (its NBL, completed then). */
  disconnect: NET_BUFFER_LIST | null;
  /** TargetFlags bits (reference §9: non-exclusive conditions of an offloaded object). */
  flags: number;
  /** TCP: send NBLs the target holds (handed down on initiate or posted since), in stream order. */
  sendQueue: NET_BUFFER_LIST[] | null;

}

/** Conditions of a target object, as bits of `flags`. */
export const TargetFlags = {
  /** MiniportInvalidateOffload marked it invalid. */
  Invalidated: 1,
  /** The target asked for a mandatory upload (or was reset): it stops processing the connection. */
  UploadRequested: 2,
  /** MiniportTerminateOffload took it: its context is no longer valid. */
  Terminated: 4,
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

/** The key of a TCP object among its path's dependents. */
export function portsKey(localPort: number, remotePort: number): number {
  return ((localPort & 0xffff) << 16) | (remotePort & 0xffff);
}

/** The key of a path among the target's paths. */
export function pathKey(SourceAddress: string, DestinationAddress: string): string {
  return `${SourceAddress}->${DestinationAddress}`;
}

/** A connection as the network names it: its 4-tuple. */
export interface FourTuple {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
}

export function fourTupleText(t: FourTuple): string {
  return `${t.localAddress}:${t.localPort}-${t.remoteAddress}:${t.remotePort}`;
}

/** Every TCP object that depends on `o` (itself if it is one). */
export function tcpObjectsUnder(o: TargetObject): TargetObject[] {
  if (o.layer === 'Tcp') return [o];
  const out: TargetObject[] = [];
  for (const d of o.dependents?.values() ?? []) out.push(...tcpObjectsUnder(d));
  return out;
}

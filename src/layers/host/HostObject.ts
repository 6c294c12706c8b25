/**
 * The host's shared objects of the offload tree, plain data: one neighbor per next hop and one path per
 * source/destination pair (the TCBs are in tcp/Tcb.ts). Records name each other by key (a TCB its
 * path's pathKey, a path its neighbor's next hop), and each carries the NDIS_OFFLOAD_HANDLE the host
 * passes down for it.
 */
import type { NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { OFFLOAD_STATE_TYPE } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import type { Tcb } from './tcp/Tcb.js';

/** The host's neighbor (framing layer) object: one per next hop. */
export interface HostNeighbor {
  readonly kind: 'Neighbor';
  /** The next hop's address: its key among the host's neighbors. */
  readonly key: string;
  readonly label: string;
  /** The next hop's MAC (DlDestinationAddress); ARP / neighbor discovery may change it. */
  mac: string;
  readonly handle: NDIS_OFFLOAD_HANDLE;
  offload: number;
  /** Paths offloaded or offloading under it. */
  users: number;
}

/** The host's path (network layer) object: one per source/destination pair. */
export interface HostPath {
  readonly kind: 'Path';
  /** pathKey(SourceAddress, DestinationAddress): its key among the host's paths. */
  readonly key: string;
  readonly label: string;
  readonly SourceAddress: string;
  readonly DestinationAddress: string;
  /** Its neighbor's key; changes when the next hop changes (re-linked with NdisUpdateOffload while offloaded). */
  neighbor: string;
  /** The neighbor (key) this path is being moved to, while the re-link is in progress. */
  relinkTo: string | null;
  /** An NdisUpdateOffload re-linking this path is in flight. */
  updating: boolean;
  /**
   * A next hop (neighbor key) the path could not be re-linked to while offloaded: the host uploads the
   * path (whatever its release policy) and the path takes this neighbor once it is back in the host.
   */
  nextHopLater: string | null;
  readonly handle: NDIS_OFFLOAD_HANDLE;
  offload: number;
  /** TCBs offloaded or offloading on it. */
  users: number;
  /** PathMtu, once PMTU discovery changed it (1,500 until then). */
  pathMtu?: number;
  /** Its TCBs' labels by portsKey(local port, remote port): how a received segment finds its connection. */
  readonly tcbs: Record<string, string>;
}

/** Any object of the host's offload tree. */
export type HostObject = Tcb | HostPath | HostNeighbor;

/** How the host names one of its objects in its own sets (invalidated, ...): kind and key. */
export function objectRef(o: HostObject): string {
  return o.kind === 'Tcp' ? `T ${o.label}` : o.kind === 'Path' ? `P ${o.key}` : `N ${o.key}`;
}

/** Ip4OffloadState or Ip6OffloadState, by the path's address family. */
export function pathStateType(p: HostPath): typeof OFFLOAD_STATE_TYPE.Ip4OffloadState | typeof OFFLOAD_STATE_TYPE.Ip6OffloadState {
  return p.DestinationAddress.includes(':') ? OFFLOAD_STATE_TYPE.Ip6OffloadState : OFFLOAD_STATE_TYPE.Ip4OffloadState;
}

/**
 * The offload target's "offload context area" for one state object (reference §4.3): the delegated
 * and cached state it now owns, the NdisOffloadHandle it must use for indications, and its place in
 * the target's inverted tree (TCP -> path -> neighbor). A PVOID to it is what the target writes into
 * `*MiniportOffloadContext`.
 */
import type { NDIS_OFFLOAD_HANDLE, OffloadContext } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { OffloadLayer } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import type { OffloadStateStructures } from '../../ndis/stateStructures.js';

export interface TargetObject extends OffloadContext {
  readonly owner: string;
  readonly serial: number;
  readonly layer: OffloadLayer;
  /** The handle of the layer above; passed back on every indication about this object. */
  readonly NdisOffloadHandle: NDIS_OFFLOAD_HANDLE;
  /** Path of a TCP object, neighbor of a path; null for a neighbor. */
  parent: TargetObject | null;
  /** Objects depending on this one (paths of a neighbor, TCP objects of a path); null for TCP. */
  readonly dependents: Set<TargetObject> | null;
  /** The state the target owns: Const, Cached (host may update), Delegated (the target's own). */
  readonly state: OffloadStateStructures;
  /** `local:port-remote:port` for TCP objects, for finding a connection as a received segment would. */
  readonly key: string | null;
  invalidated: boolean;
  /** A mandatory TcpIndicateRetrieve was raised: the target stops processing the connection. */
  uploadRequested: boolean;
}

/** Every TCP object that depends on `o` (itself if it is one). */
export function tcpObjectsUnder(o: TargetObject): TargetObject[] {
  if (o.layer === 'Tcp') return [o];
  const out: TargetObject[] = [];
  for (const d of o.dependents ?? []) out.push(...tcpObjectsUnder(d));
  return out;
}

/** The 4-tuple key the target uses to find a connection. */
export function connectionKey(localAddress: string, localPort: number, remoteAddress: string, remotePort: number): string {
  return `${localAddress}:${localPort}-${remoteAddress}:${remotePort}`;
}

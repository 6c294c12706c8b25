/**
 * What every handler of the reference target works with — its state, the NDIS library and the NIC — and
 * the helpers they share to find, move and free its context areas.
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../ndis/blockList.js';
import type { NdisLibrary } from '../../../ndis/NdisLibrary.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import type { OffloadLayer } from '../../../ndis/OFFLOAD_STATE_TYPE.js';
import { tcpOffloadConnectionStateOf } from '../../../ndis/TCPSTATE.js';
import { nextTcpState, type TcpStateEvent } from '../../../machines/tcpStateMachine.js';
import { pathKey, portsKey, type FourTuple } from '../../../wire/FourTuple.js';
import type { NicServices } from '../../OffloadTarget.js';
import { delegatedOf, hasFlag, isTerminating, moveContext, objectById, objectOfContext, pathConstOf, TargetFlags, type TargetObject, type TargetState } from './TargetState.js';

/** One handler call: the target's state, and the services it may call. */
export interface TargetCall {
  readonly s: TargetState;
  readonly ndis: NdisLibrary;
  readonly nic: NicServices;
}

export const ENTRIES_STATUS: Record<OffloadLayer, NDIS_STATUS> = {
  Neighbor: NDIS_STATUS.NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES,
  Path: NDIS_STATUS.NDIS_STATUS_OFFLOAD_PATH_ENTRIES,
  Tcp: NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES,
};

/** The context area a block list references, if it is one of this target's. */
export function objectOf(c: TargetCall, node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): TargetObject | null {
  return objectOfContext(c.s, node.MiniportOffloadContext?.value);
}

/**
 * The context area a node of an update, invalidate or query names. For any other node it writes the
 * Status itself — SUCCESS for a placeholder, FAILURE for a handle that is not one of this target's — and
 * returns null.
 */
export function objectOrStatus(c: TargetCall, node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): TargetObject | null {
  const o = objectOf(c, node);
  if (!o) node.Status = node.MiniportOffloadContext ? NDIS_STATUS.NDIS_STATUS_FAILURE : NDIS_STATUS.NDIS_STATUS_SUCCESS;
  return o;
}

/** Frees an object's context area; terminating a neighbor or path takes its dependents with it. `freed` collects the ids. */
export function free(c: TargetCall, o: TargetObject, freed: Set<number>): void {
  if (freed.has(o.id)) return;
  freed.add(o.id);
  moveContext(o, { type: 'MiniportTerminateOffload' });
  c.s.used[o.layer]--;
  if (o.layer === 'Path') delete c.s.paths[pathKeyOf(o)];
  for (const id of Object.values(o.dependents ?? {})) {
    const d = objectById(c.s, id);
    if (d) free(c, d, freed);
  }
}

/** Forgets the freed context areas (after every node of a terminate was read), and unlinks them from surviving parents. */
export function forgetFreed(c: TargetCall, freed: ReadonlySet<number>): void {
  for (const id of freed) {
    const o = objectById(c.s, id);
    if (!o) continue;
    const parent = o.parent !== null && !freed.has(o.parent) ? objectById(c.s, o.parent) : null;
    if (parent?.dependents) delete parent.dependents[dependentKey(o)];
  }
  for (const id of freed) {
    const o = objectById(c.s, id);
    if (o) moveContext(o, { type: 'NdisMTerminateOffloadComplete' });
    c.s.objects[id] = null;
    c.s.freeSlots.push(id);
  }
}

/** The key an object has among its parent's dependents. */
export function dependentKey(o: TargetObject): string {
  return o.layer === 'Tcp' ? portsKey(o.localPort, o.remotePort) : `p${o.id}`;
}

export function pathKeyOf(path: TargetObject): string {
  const k = pathConstOf(path);
  return pathKey(k.SourceAddress, k.DestinationAddress);
}

/** The TCP object of a 4-tuple, found as a received segment would find it. */
export function findConnection(s: TargetState, t: FourTuple): TargetObject | null {
  const path = objectById(s, s.paths[pathKey(t.localAddress, t.remoteAddress)]);
  return objectById(s, path?.dependents?.[portsKey(t.localPort, t.remotePort)]);
}

/** The connection's 4-tuple, from its path's constant state and its ports. */
export function connectionOf(c: TargetCall, o: TargetObject): FourTuple {
  const parent = objectById(c.s, o.parent);
  if (!parent) throw new Error(`target object ${o.id} has no path`);
  const path = pathConstOf(parent);
  return { localAddress: path.SourceAddress, localPort: o.localPort, remoteAddress: path.DestinationAddress, remotePort: o.remotePort };
}

/** Every TCP object that depends on `o` (itself if it is one). */
export function tcpObjectsUnder(c: TargetCall, o: TargetObject): TargetObject[] {
  if (o.layer === 'Tcp') return [o];
  const out: TargetObject[] = [];
  for (const id of Object.values(o.dependents ?? {})) {
    const d = objectById(c.s, id);
    if (d) out.push(...tcpObjectsUnder(c, d));
  }
  return out;
}

/**
 * Has the NdisMInitiateOffloadComplete that offloaded `o` returned? Until it has, the target makes no
 * receive indication and raises no event of its own for it (reference §6.1, §8 item 4). NDIS tells it
 * when the call returned (CallReturned).
 */
export function initiateReturned(o: TargetObject): boolean {
  return hasFlag(o, TargetFlags.InitiateReturned);
}

/** Moves the RFC 793 state the target keeps in a connection's delegated state (unchanged if `event` cannot happen in it). */
export function moveDelegatedTcp(o: TargetObject, event: TcpStateEvent): void {
  const d = delegatedOf(o);
  const next = nextTcpState(d.State, event);
  const state = next === undefined ? undefined : tcpOffloadConnectionStateOf(next);
  if (state !== undefined) d.State = state;
}

/**
 * The status a send or disconnect completes with at once, when the target does not take it (reference
 * §9): UPLOAD_IN_PROGRESS for a connection it is uploading (or not one of its own), REQUEST_ABORTED for
 * one that was reset; null when it takes it.
 */
export function refusedIoStatus(o: TargetObject | null): NDIS_STATUS | null {
  if (!o || o.layer !== 'Tcp' || isTerminating(o)) return NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
  if (hasFlag(o, TargetFlags.Aborted)) return NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED;
  if (hasFlag(o, TargetFlags.UploadRequested)) return NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
  return null;
}

/** SND.NXT moves forward; SND.MAX follows it (nothing is retransmitted here). */
export function setSndNxt(o: TargetObject, value: number): void {
  const d = delegatedOf(o);
  d.SndNxt = value;
  d.SndMax = Math.max(d.SndMax, value);
}

/**
 * The offload target's context: its capacity and usage, its objects (paths, and their TCP objects by
 * ports), the delegated TCP state store, and the helpers every handler uses to find and free objects.
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import type { NdisLibrary, NdisMiniportHandle } from '../../ndis/calls.js';
import type { HandleAllocator, NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import type { OffloadLayer } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import type { PathOffloadStructures } from '../../ndis/stateStructures.js';
import type { LayerReporter } from '../LayerReporter.js';
import { nextTcpState, type TcpStateEvent } from '../tcpStateMachine.js';
import type { Segment } from '../../wire/Segment.js';
import type { NblSerials, NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import type { DelegatedTcpStore } from './DelegatedTcpStore.js';
import type { OffloadTargetCommand } from './offloadTarget.js';
import type { TargetReceive } from './targetReceive.js';
import { hasFlag, pathKey, portsKey, TargetFlags, type FourTuple, type TargetObject } from './TargetObject.js';

/** How many objects of each layer the target can hold. */
export interface TargetCapacity {
  Neighbor: number;
  Path: number;
  Tcp: number;
}

export interface OffloadTargetContext {
  readonly name: string;
  readonly ndis: NdisLibrary;
  readonly miniportHandle: NdisMiniportHandle;
  readonly capacity: TargetCapacity;
  readonly used: TargetCapacity;
  /** Path objects by pathKey; each holds its TCP objects by portsKey. */
  readonly paths: Map<string, TargetObject>;
  /** The delegated TCP state of every offloaded connection ("NIC memory"). */
  readonly delegated: DelegatedTcpStore;
  /** Planned initiate failures, by fourTupleText. */
  readonly plannedFailures: Map<string, number>;
  readonly serials: HandleAllocator;
  readonly report: LayerReporter;
  /** The NIC's port on the wire: puts a segment on the wire to the peer. */
  readonly transmit: (s: Segment) => void;
  /** Deliberate fault, for negative tests: on terminate the outstanding send chain is dropped, not handed back. */
  readonly dropsSendChainOnUpload: boolean;
  /** Deliberate fault, for negative tests: on terminate the buffered receive data is dropped, not handed back. */
  readonly dropsBufferedDataOnUpload: boolean;
  /** Serial numbers of the NBLs the target allocates (receive indications, BufferedData). */
  readonly nbls: NblSerials;
  /** The target's receive NBLs the host has (an indication in flight, or kept until MiniportTcpOffloadReceiveReturn), with their connection. */
  readonly receiveNbls: Map<NET_BUFFER_LIST, TargetObject>;
  /**
   * The receive side of the TCP objects that have one (made when a connection first receives data, a
   * posted buffer or an event to hold): most connections never do, and cost nothing here.
   */
  readonly receives: Map<TargetObject, TargetReceive>;
  /** Corrupt connections a failed query or invalidate met, reported once that completion has returned (by its tree). */
  readonly hardwareReports: Map<NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, TargetObject[]>;
  /** Connections (fourTupleText) the target reset or lost while it owned them, until offloaded again: their data may be gone. */
  readonly resetConnections: Set<string>;
  /** Terminates waiting for a receive indication to return before they complete (reference §6.2 step 6). */
  readonly pendingTerminates: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST[];
  /** Whether its NdisMInitiateOffloadComplete about this handle is still on its way (the call has not returned). */
  readonly initiateCompletionPending: (handle: NDIS_OFFLOAD_HANDLE) => boolean;
  /** Starts a timer (a pending item); `event` comes back to the target when it expires. */
  readonly startTimer: (label: string, object: string, event: OffloadTargetCommand) => void;
}

export const ENTRIES_STATUS: Record<OffloadLayer, number> = {
  Neighbor: NDIS_STATUS.NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES,
  Path: NDIS_STATUS.NDIS_STATUS_OFFLOAD_PATH_ENTRIES,
  Tcp: NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES,
};

/** The context area a block list references, if it is one of this target's. */
export function objectOf(c: OffloadTargetContext, node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): TargetObject | null {
  const o = node.MiniportOffloadContext?.deref() as TargetObject | null | undefined;
  return o && o.owner === c.name ? o : null;
}

/**
 * The context area a node of an update, invalidate or query names. For any other node it writes the
 * Status itself — SUCCESS for a placeholder, FAILURE for a handle that is not one of this target's — and
 * returns null.
 */
export function objectOrStatus(c: OffloadTargetContext, node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): TargetObject | null {
  const o = objectOf(c, node);
  if (!o) node.Status = node.MiniportOffloadContext ? NDIS_STATUS.NDIS_STATUS_FAILURE : NDIS_STATUS.NDIS_STATUS_SUCCESS;
  return o;
}

/** Frees an object's context area; terminating a neighbor or path takes its dependents with it. */
export function free(c: OffloadTargetContext, o: TargetObject, freed: Set<TargetObject>): void {
  if (freed.has(o)) return;
  freed.add(o);
  o.flags |= TargetFlags.Terminated;
  c.used[o.layer]--;
  if (o.layer === 'Tcp') {
    c.delegated.release(o.slot);
    if (c.receives.size > 0) c.receives.delete(o);
  }
  if (o.layer === 'Path') c.paths.delete(pathKeyOf(o));
  for (const d of o.dependents?.values() ?? []) free(c, d, freed);
}

export function pathKeyOf(path: TargetObject): string {
  const k = (path.state as PathOffloadStructures).Const!;
  return pathKey(k.SourceAddress, k.DestinationAddress);
}

/** The TCP object of a 4-tuple, found as a received segment would find it. */
export function findConnection(c: OffloadTargetContext, t: FourTuple): TargetObject | undefined {
  return c.paths.get(pathKey(t.localAddress, t.remoteAddress))?.dependents?.get(portsKey(t.localPort, t.remotePort));
}

/**
 * Has the NdisMInitiateOffloadComplete that offloaded `o` returned? Until it has, the target makes no
 * receive indication and raises no event of its own for it (reference §6.1, §8 item 4).
 */
export function initiateReturned(c: OffloadTargetContext, o: TargetObject): boolean {
  if (hasFlag(o, TargetFlags.InitiateReturned)) return true;
  if (c.initiateCompletionPending(o.NdisOffloadHandle)) return false;
  o.flags |= TargetFlags.InitiateReturned;
  return true;
}

/** Moves the RFC 793 state the target keeps in a connection's delegated state (unchanged if `event` cannot happen in it). */
export function moveDelegatedTcp(c: OffloadTargetContext, o: TargetObject, event: TcpStateEvent): void {
  const next = nextTcpState(c.delegated.tcpState(o.slot), event);
  if (next !== undefined) c.delegated.setTcpState(o.slot, next);
}

/**
 * The status a send or disconnect completes with at once, when the target does not take it (reference
 * §9): UPLOAD_IN_PROGRESS for a connection it is uploading (or not one of its own), REQUEST_ABORTED for
 * one that was reset; null when it takes it.
 */
export function refusedIoStatus(c: OffloadTargetContext, o: TargetObject | null): number | null {
  if (!o || o.owner !== c.name || o.layer !== 'Tcp' || hasFlag(o, TargetFlags.Terminated)) return NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
  if (hasFlag(o, TargetFlags.Aborted)) return NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED;
  if (hasFlag(o, TargetFlags.UploadRequested)) return NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
  return null;
}

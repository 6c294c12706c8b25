/**
 * The rulebook's own record of what each binding has seen, built only from the calls that crossed it
 * (like a P specification monitor): per upper-layer handle, the object's offload state as that
 * binding knows it, its parent, its live dependents and its operations in flight; per connection,
 * the NBLs below the binding, the receive data that went up (where the stream stands) and the NBLs
 * lent up until they are returned. It never looks inside a layer — only at the arguments that crossed,
 * NBL fields included — so it judges a user's driver as it judges the reference ones.
 *
 * The record is plain data (`RuleMonitorState`, part of the simulation state): objects are kept by
 * their handle's owner and id, NBLs by id.
 */
import { forEachBlock, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../ndis/blockList.js';
import { NDIS_STATUS, offloadSucceeded } from '../ndis/NDIS_STATUS.js';
import { nblFilled, netBufferListsOf, type NET_BUFFER_LIST } from '../ndis/NET_BUFFER_LIST.js';
import { offloadLayerOf, type OffloadLayer } from '../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason } from '../ndis/TCP_UPLOAD_REASON.js';
import type { TCP_OFFLOAD_STATE_DELEGATED, TcpOffloadStructures } from '../ndis/stateStructures.js';
import type { Crossing } from './Crossing.js';

/** One object as one binding knows it. */
export interface Ghost {
  readonly layer: OffloadLayer;
  readonly label: string;
  /** TCP_CONNECTION_OFFLOAD_STATE as seen at this binding (Offloading, Offloaded, Uploading). */
  state: number;
  /** The parent object's handle (owner and id), if it is known at this binding. */
  parent: HandleRef | null;
  /** Offloaded or offloading dependents. */
  children: number;
  updates: number;
  /** Queries and invalidates in flight. */
  otherOps: number;
  invalidated: boolean;
  /** A mandatory TCP_UPLOAD_REASON indicated and not yet answered by a terminate (0 = none). */
  mandatoryRetrieve: number;
  disconnectIndicated: boolean;
}

/** A handle by what names it: its owner and the owner's id. */
export interface HandleRef {
  readonly owner: string;
  readonly id: number;
}

/** The objects one binding knows: by the handle's owner, then its id. */
export type GhostTable = Record<string, Record<number, Ghost>>;

/**
 * What an NBL going down is for: send data (NdisOffloadTcpSend, an initiate's NetBufferListChain) or a
 * disconnect (NdisOffloadTcpDisconnect), a posted receive buffer (NdisOffloadTcpReceive), or a
 * forwarded segment (NdisOffloadTcpForward). Each kind completes in its own order.
 */
export type NblKind = 'send' | 'receive' | 'forward';

export function nblKindOf(n: NET_BUFFER_LIST): NblKind {
  return n.ReceiveBuffer ? 'receive' : n.ForwardedSegment ? 'forward' : 'send';
}

/** One connection's receive direction as one binding has seen it (from the initiate to the terminate). */
export interface ReceiveStream {
  /**
   * Stream offset where the next data going up must start: set by the initiate (the first byte of
   * its BufferedData, else RcvNxt), advanced by each receive completion's filled range and by the
   * consumed part of each receive indication.
   */
  next: number;
  /** TcpIndicateDisconnect crossed this binding: the peer's stream has ended. */
  disconnectIndicated: boolean;
  /** Receives (NBL ids) posted through this binding after TcpIndicateDisconnect, not yet completed. */
  postedAfterDisconnect: number[];
  /**
   * Receive buffers posted with bytes already in them (the host may pre-fill a buffer with data it had,
   * reference §6.7): how many, by `n<NBL id>`, until they complete. Those bytes come before RcvNxt and
   * are not the target's.
   */
  prefilled: Record<number, number>;
  /**
   * The connection's sends, disconnects and receives (NBL ids) that were outstanding through this binding
   * when TcpIndicateAbort crossed it and that the target had not completed yet, until they complete.
   */
  abortedOutstanding: number[];
}

/** Send NBLs posted together in one NdisOffloadTcpSend: the list, and the Status of each one that came back. */
export interface PostedList {
  ids: number[];
  /** By `n<NBL id>`: the Status it completed with. */
  completed: Record<number, number>;
}

/** The monitor's record, as plain data. */
export interface RuleMonitorState {
  /** Per binding (index of the upper layer): the objects offloaded or offloading through it, by handle. */
  bindings: GhostTable[];
  /** Per binding: the adapter below said OFFLOAD_PAUSE or UPLOAD_ALL and has not said RESUME. */
  paused: boolean[];
  /**
   * Per binding, per NBL kind and connection (label): the ids of the NBLs below it and not yet
   * completed or handed back — posted, or handed down in an initiate's NetBufferListChain — in the order
   * they went down. Sends and disconnects share one list (they complete in posting order); receive
   * buffers and forwarded segments each have their own, so a send is never judged against a receive post.
   */
  nbls: Array<Record<NblKind, Record<string, number[]>>>;
  /**
   * Per binding: the receive NBLs (by `n<id>`) lent to the layer above — indicated with a SUCCESS result,
   * or handed up in a terminate's BufferedData — until it gives them back with NdisOffloadTcpReceiveReturn.
   * Outlives the connection's offload (BufferedData comes back after the terminate).
   */
  lent: Array<Record<number, true>>;
  /** Per binding, per connection (label): its receive direction, from its first receive crossing to the terminate. */
  streams: Array<Record<string, ReceiveStream>>;
  /** Per binding, per connection: where its receive data starts, when that is not 0 (set by the initiate). */
  starts: Array<Record<string, number>>;
  /** Send NBLs posted together in one call (a list of more than one), by `l<first NBL id>`, until every NBL of it came back. */
  postedLists: Record<number, PostedList>;
  /** The list (its key in postedLists) each NBL of such a list was posted in, by `n<NBL id>`. */
  postedIn: Record<number, number>;
  /** Findings of "eventually" rules already reported (each is reported once). */
  reportedAtQuiescence: string[];
}

export function createRuleMonitorState(): RuleMonitorState {
  return { bindings: [], paused: [], nbls: [], lent: [], streams: [], starts: [], postedLists: {}, postedIn: {}, reportedAtQuiescence: [] };
}

export class RuleMonitor {
  constructor(
    readonly state: RuleMonitorState = createRuleMonitorState(),
    /** The NBL ids in completions the target made that have not crossed yet (their Status is written). */
    private readonly completingBelow: () => ReadonlySet<number> = () => new Set(),
  ) {}

  /** The list `nbl` was posted in, when it was posted with others. */
  postedWith(nbl: NET_BUFFER_LIST): PostedList | undefined {
    const list = this.state.postedIn[nbl.id];
    return list === undefined ? undefined : this.state.postedLists[list];
  }

  /** True when `nbl` went down through `binding` and has not come back up. */
  isOutstanding(binding: number, nbl: NET_BUFFER_LIST): boolean {
    return this.state.nbls[binding]?.[nblKindOf(nbl)][nbl.connection]?.includes(nbl.id) === true;
  }

  /** The ids of the NBLs of the same connection and kind that went down through `binding` before `nbl` and are still outstanding. */
  outstandingBefore(binding: number, nbl: NET_BUFFER_LIST): number[] {
    const list = this.state.nbls[binding]?.[nblKindOf(nbl)][nbl.connection];
    const at = list ? list.indexOf(nbl.id) : -1;
    return at < 0 ? [] : list!.slice(0, at);
  }

  /** The ids of the NBLs of one connection and kind outstanding through `binding`, in the order they went down. */
  outstanding(binding: number, connection: string, kind: NblKind): readonly number[] {
    return this.state.nbls[binding]?.[kind][connection] ?? EMPTY;
  }

  /** True when `nbl` was lent to the layer above `binding` and has not been returned. */
  isLent(binding: number, nbl: NET_BUFFER_LIST): boolean {
    return this.state.lent[binding]?.[nbl.id] === true;
  }

  /** The receive direction of a connection (by label) through `binding`: as recorded, or as it starts. */
  stream(binding: number, connection: string): Readonly<ReceiveStream> {
    return this.state.streams[binding]?.[connection] ?? this.freshStream(binding, connection);
  }

  /** The stream of a connection, made on first use. */
  private streamFor(binding: number, connection: string): ReceiveStream {
    const streams = (this.state.streams[binding] ??= {});
    return (streams[connection] ??= this.freshStream(binding, connection));
  }

  private freshStream(binding: number, connection: string): ReceiveStream {
    const next = this.state.starts[binding]?.[connection] ?? 0;
    return { next, disconnectIndicated: false, postedAfterDisconnect: [], prefilled: {}, abortedOutstanding: [] };
  }

  /** Records NBLs going down through a binding. */
  private nblsDown(binding: number, head: NET_BUFFER_LIST | null): void {
    const byKind = (this.state.nbls[binding] ??= { send: {}, receive: {}, forward: {} });
    for (let n = head; n; n = n.Next) {
      (byKind[nblKindOf(n)][n.connection] ??= []).push(n.id);
      const stream = n.ReceiveBuffer ? this.streamFor(binding, n.connection) : undefined;
      if (stream?.disconnectIndicated) stream.postedAfterDisconnect.push(n.id);
      if (stream && n.TcpOffloadBytesTransferred > 0) stream.prefilled[n.id] = n.TcpOffloadBytesTransferred;
    }
  }

  /** Records NBLs coming back up (completed, or handed back); a key with none left is forgotten. */
  private nblsUp(binding: number, nbls: Iterable<NET_BUFFER_LIST>): void {
    const byKind = this.state.nbls[binding];
    if (!byKind) return;
    for (const n of nbls) {
      const byConnection = byKind[nblKindOf(n)];
      const list = byConnection[n.connection];
      const at = list ? list.indexOf(n.id) : -1;
      if (at < 0) continue;
      list!.splice(at, 1);
      if (list!.length === 0) delete byConnection[n.connection];
    }
  }


  /** Records receive NBLs lent up through a binding. */
  private lend(binding: number, head: NET_BUFFER_LIST | null | undefined): void {
    const lent = (this.state.lent[binding] ??= {});
    for (let n = head ?? null; n; n = n.Next) lent[n.id] = true;
  }

  /**
   * A data I/O completion: each outstanding NBL comes back up, and the receive data in it advances its
   * stream. (An NBL that was not outstanding is nbl-completed-once's finding; it moves nothing.)
   */
  private completed(binding: number, nbls: readonly NET_BUFFER_LIST[]): void {
    for (const n of nbls) {
      this.settlePosted(n);
      // Only a receive buffer's data moves the stream; any other NBL is only taken off the lists it is on.
      const stream = !this.isOutstanding(binding, n) ? undefined : n.ReceiveBuffer ? this.streamFor(binding, n.connection) : this.state.streams[binding]?.[n.connection];
      this.nblsUp(binding, [n]);
      if (!stream) continue;
      removeId(stream.abortedOutstanding, n.id);
      if (!n.ReceiveBuffer) continue;
      removeId(stream.postedAfterDisconnect, n.id);
      const filled = this.filledByTarget(binding, n);
      if (filled) stream.next = filled[1];
      delete stream.prefilled[n.id];
    }
  }

  /** A send of a posted list came back: its Status is noted; the list is forgotten once every NBL of it came back. */
  private settlePosted(n: NET_BUFFER_LIST): void {
    const list = this.state.postedIn[n.id];
    const posted = list === undefined ? undefined : this.state.postedLists[list];
    if (!posted) return;
    posted.completed[n.id] = n.Status;
    if (!posted.ids.every((id) => id in posted.completed)) return;
    delete this.state.postedLists[list!];
    for (const id of posted.ids) delete this.state.postedIn[id];
  }

  /**
   * The stream range the layer below put in a receive buffer `nbl` (posted through `binding`): its
   * filled range without the bytes it was posted with; null when it put none there.
   */
  filledByTarget(binding: number, nbl: NET_BUFFER_LIST): [number, number] | null {
    const filled = nbl.ReceiveBuffer ? nblFilled(nbl) : null;
    if (!filled) return null;
    const start = filled[0] + (this.state.streams[binding]?.[nbl.connection]?.prefilled[nbl.id] ?? 0);
    return start < filled[1] ? [start, filled[1]] : null;
  }

  /** The objects offloaded or offloading through `binding`, by handle (owner, then id). */
  objects(binding: number): GhostTable {
    return (this.state.bindings[binding] ??= {});
  }

  /** Every object offloaded or offloading through `binding`. */
  allGhosts(binding: number): Ghost[] {
    return Object.values(this.state.bindings[binding] ?? {}).flatMap((byId) => Object.values(byId));
  }

  ghost(binding: number, handle: HandleRef | null | undefined): Ghost | undefined {
    return handle ? this.state.bindings[binding]?.[handle.owner]?.[handle.id] : undefined;
  }

  isPaused(binding: number): boolean {
    return this.state.paused[binding] === true;
  }

  /** Updates the record after the rules have looked at a crossing. */
  apply(c: Crossing): void {
    const b = c.binding;
    switch (c.kind) {
      case 'request': {
        // The miniport form says, for each node, what the slot held when the call was made (a linker's is non-NULL).
        const linkers: HandleRef[] = [];
        forEachBlock(c.M, (m) => {
          if (m.NdisOffloadHandle && m.MiniportOffloadContext?.value) linkers.push(m.NdisOffloadHandle);
        });
        forEachBlock<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST>(c.P, (node, parent) => {
          const h = node.OffloadHandle;
          if (!h) return;
          const g = this.ghost(b, h);
          if (c.op === 'Initiate') {
            if (node.NetBufferListChain) this.nblsDown(b, node.NetBufferListChain);
            if (g || linkers.some((l) => sameHandle(l, h))) return; // a linker
            const layer = offloadLayerOf(node.Header.Type);
            if (!layer) return;
            if (layer === 'Tcp') this.startStream(b, h.label, (node.State as TcpOffloadStructures | null)?.Delegated);
            const parentGhost = this.ghost(b, parent?.OffloadHandle);
            const ghost: Ghost = {
              layer, label: h.label, state: S.TcpConnectionOffloadStateOffloading, parent: parentGhost ? refOf(parent!.OffloadHandle!) : null, children: 0,
              updates: 0, otherOps: 0, invalidated: false, mandatoryRetrieve: 0, disconnectIndicated: false,
            };
            ((this.objects(b)[h.owner] ??= {})[h.id] = ghost);
            if (parentGhost) parentGhost.children++;
          } else if (g) {
            if (c.op === 'Terminate') {
              g.state = S.TcpConnectionOffloadStateUploading;
              g.mandatoryRetrieve = 0;
            } else if (c.op === 'Update') g.updates++;
            else g.otherOps++;
          }
        });
        return;
      }
      case 'completion':
        if (!c.P) return;
        forEachBlock<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST>(c.P, (node, parentNode) => {
          const h = node.OffloadHandle;
          const g = this.ghost(b, h);
          if (!h || !g) return;
          if (c.op === 'Update' && node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS && g.layer === 'Path' && parentNode?.OffloadHandle) {
            // A path under a neighbor in an update tree is re-linked to that neighbor.
            const toHandle = parentNode.OffloadHandle;
            const to = this.ghost(b, toHandle);
            if (to && to.layer === 'Neighbor' && !(g.parent && sameHandle(g.parent, toHandle))) {
              const from = this.ghost(b, g.parent);
              if (from) from.children = Math.max(0, from.children - 1);
              to.children++;
              g.parent = refOf(toHandle);
            }
          }
          if (c.op === 'Initiate') {
            if (g.state !== S.TcpConnectionOffloadStateOffloading) return;
            if (offloadSucceeded(node.Status)) g.state = S.TcpConnectionOffloadStateOffloaded;
            else {
              // A failed initiate leaves the send data it carried with the caller.
              if (node.NetBufferListChain) this.nblsUp(b, netBufferListsOf(node.NetBufferListChain));
              this.forget(b, h, g);
            }
          } else if (c.op === 'Terminate') {
            // The outstanding send data comes back in the terminate's NetBufferListChain; buffered
            // receive data comes up in BufferedData, lent until the host returns it.
            if (node.NetBufferListChain) this.nblsUp(b, netBufferListsOf(node.NetBufferListChain));
            if (g.layer === 'Tcp') this.lend(b, (node.State as TcpOffloadStructures | null)?.Delegated?.BufferedData);
            this.forget(b, h, g);
          } else if (c.op === 'Update') g.updates = Math.max(0, g.updates - 1);
          else {
            g.otherOps = Math.max(0, g.otherOps - 1);
            if (c.op === 'Invalidate' && node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) g.invalidated = true;
          }
        });
        return;
      case 'event': {
        const g = this.ghost(b, c.handle);
        if (!g) return;
        if (c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve && isMandatoryUploadReason(c.EventSpecificInformation)) {
          if (g.state !== S.TcpConnectionOffloadStateUploading) g.mandatoryRetrieve = c.EventSpecificInformation;
        }
        const stream = g.layer === 'Tcp' && (c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect || c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort)
          ? this.streamFor(c.binding, g.label)
          : undefined;
        if (c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect) {
          g.disconnectIndicated = true;
          if (stream) stream.disconnectIndicated = true;
        }
        if (c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort && stream) {
          // What the target had not completed yet when it indicated the reset. (A completion it made
          // before the reset may cross after this indication: it waits in the scheduler, its Status written.)
          const completing = this.completingBelow();
          for (const kind of ABORTED_KINDS) {
            for (const id of this.outstanding(c.binding, g.label, kind)) if (!completing.has(id)) stream.abortedOutstanding.push(id);
          }
        }
        return;
      }
      case 'status':
        if (c.StatusCode === NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE || c.StatusCode === NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL) {
          this.state.paused[c.binding] = true;
        } else if (c.StatusCode === NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME) this.state.paused[c.binding] = false;
        return;
      case 'io':
        this.nblsDown(c.binding, c.NetBufferList);
        if (c.fn === 'NdisOffloadTcpSend' && c.NetBufferList.Next) {
          const ids = netBufferListsOf(c.NetBufferList).map((n) => n.id);
          const list = ids[0]!;
          this.state.postedLists[list] = { ids, completed: {} };
          for (const id of ids) this.state.postedIn[id] = list;
        }
        return;
      case 'ioComplete':
        this.completed(c.binding, c.NetBufferLists);
        return;
      case 'receiveIndicateReturn': {
        if (this.ghost(c.binding, c.handle)) this.streamFor(c.binding, c.handle.label).next += consumedBy(c.Status, c.BytesConsumed, c.NetBufferList.DataLength);
        if (c.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) this.lend(c.binding, c.NetBufferList);
        return;
      }
      case 'receiveReturn': {
        const lent = this.state.lent[c.binding];
        if (lent) for (const n of c.NetBufferLists) delete lent[n.id];
        return;
      }
      case 'offloadEvent':
      case 'ioReturn':
      case 'receiveIndicate':
        return;
    }
  }

  /** A connection's initiate went down: its data will go up from the first buffered byte, or from RcvNxt. */
  private startStream(binding: number, label: string, delegated: TCP_OFFLOAD_STATE_DELEGATED | undefined): void {
    if (!delegated) return;
    const next = delegated.BufferedData ? delegated.BufferedData.DataOffset : delegated.RcvNxt;
    const streams = this.state.streams[binding];
    if (streams) delete streams[label];
    if (next !== 0) (this.state.starts[binding] ??= {})[label] = next;
    else {
      const starts = this.state.starts[binding];
      if (starts) delete starts[label];
    }
  }

  private forget(binding: number, h: HandleRef, g: Ghost): void {
    const byId = this.state.bindings[binding]?.[h.owner];
    if (byId) delete byId[h.id];
    const parent = this.ghost(binding, g.parent);
    if (parent) parent.children = Math.max(0, parent.children - 1);
    if (g.layer === 'Tcp') {
      const streams = this.state.streams[binding];
      if (streams) delete streams[g.label];
      const starts = this.state.starts[binding];
      if (starts) delete starts[g.label];
    }
  }
}

const EMPTY: readonly number[] = Object.freeze([]) as readonly number[];

/** The NBL kinds that TcpIndicateAbort completes with NDIS_STATUS_REQUEST_ABORTED (sends and disconnects, receives). */
const ABORTED_KINDS: readonly NblKind[] = ['send', 'receive'];

/** A handle's owner and id alone, as a value. */
function refOf(h: HandleRef): HandleRef {
  return { owner: h.owner, id: h.id };
}

function sameHandle(a: HandleRef, b: HandleRef): boolean {
  return a.owner === b.owner && a.id === b.id;
}

function removeId(list: number[], id: number): void {
  const at = list.indexOf(id);
  if (at >= 0) list.splice(at, 1);
}

/**
 * The bytes of a receive indication the layer above took, by its result: all of them on SUCCESS,
 * BytesConsumed (at most the NBL's length) on OFFLOAD_DATA_PARTIALLY_ACCEPTED, none otherwise.
 */
export function consumedBy(Status: number, BytesConsumed: number, length: number): number {
  if (Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) return length;
  if (Status === NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED) return Math.max(0, Math.min(BytesConsumed, length));
  return 0;
}

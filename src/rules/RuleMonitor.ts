/**
 * The rulebook's own record of what each binding has seen, built only from the calls that crossed it
 * (like a P specification monitor): per upper-layer handle, the object's offload state as that
 * binding knows it, its parent, its live dependents and its operations in flight; per connection,
 * the NBLs below the binding, the receive data that went up (where the stream stands) and the NBLs
 * lent up until they are returned. It never looks inside a layer — only at the arguments that crossed,
 * NBL fields included — so it judges a user's driver as it judges the reference ones.
 */
import { forEachBlock, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../ndis/blockList.js';
import { NDIS_STATUS } from '../ndis/NDIS_STATUS.js';
import type { NDIS_OFFLOAD_HANDLE } from '../ndis/NDIS_OFFLOAD_HANDLE.js';
import { netBufferListsOf, type NET_BUFFER_LIST } from '../ndis/NET_BUFFER_LIST.js';
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
  parent: Ghost | null;
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
  /** Receives posted through this binding after TcpIndicateDisconnect, not yet completed. */
  postedAfterDisconnect: Set<NET_BUFFER_LIST>;
  /**
   * Receive buffers posted with bytes already in them (the host may pre-fill a buffer with data it had,
   * reference §6.7): how many, until they complete. Those bytes come before RcvNxt and are not the target's.
   */
  prefilled: Map<NET_BUFFER_LIST, number>;
  /**
   * The connection's sends, disconnects and receives that were outstanding through this binding when
   * TcpIndicateAbort crossed it and that the target had not completed yet (their Status still
   * NDIS_STATUS_PENDING), until they complete.
   */
  abortedOutstanding: Set<NET_BUFFER_LIST>;
}

/** True for an initiate Status that means "this node is offloaded". */
export function offloadSucceeded(status: number): boolean {
  return status === NDIS_STATUS.NDIS_STATUS_SUCCESS || status === NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS;
}

export class RuleMonitor {
  /** Per binding (index of the upper layer): the objects offloaded or offloading through it. */
  private readonly bindings: Array<Map<NDIS_OFFLOAD_HANDLE, Ghost>> = [];
  /** Per binding: the adapter below said OFFLOAD_PAUSE or UPLOAD_ALL and has not said RESUME. */
  private readonly paused: boolean[] = [];
  /**
   * Per binding, per connection and NBL kind (key `nblKey`): the NBLs below it and not yet completed
   * or handed back — posted, or handed down in an initiate's NetBufferListChain — in the order they
   * went down. Sends and disconnects share one set (they complete in posting order); receive buffers
   * and forwarded segments each have their own, so a send is never judged against a receive post.
   */
  private readonly nbls: Array<Map<string, Set<NET_BUFFER_LIST>>> = [];
  /**
   * Per binding: the receive NBLs lent to the layer above — indicated with a SUCCESS result, or handed
   * up in a terminate's BufferedData — until it gives them back with NdisOffloadTcpReceiveReturn.
   * Outlives the connection's offload (BufferedData comes back after the terminate).
   */
  private readonly lent: Array<Set<NET_BUFFER_LIST>> = [];
  /**
   * Per binding, per connection (label): its receive direction, from its first receive crossing to the
   * terminate. Made on first use, so the many connections that never carry data cost nothing here.
   */
  private readonly streams: Array<Map<string, ReceiveStream>> = [];
  /** Per binding, per connection: where its receive data starts, when that is not 0 (set by the initiate). */
  private readonly starts: Array<Map<string, number>> = [];

  /**
   * Send NBLs posted together in one NdisOffloadTcpSend (a list of more than one), each mapped to its
   * list as it went down (the list is remembered as posted; a completion may re-link the NBLs).
   */
  private readonly postedLists = new WeakMap<NET_BUFFER_LIST, readonly NET_BUFFER_LIST[]>();

  /** The list `nbl` was posted in, when it was posted with others. */
  postedWith(nbl: NET_BUFFER_LIST): readonly NET_BUFFER_LIST[] | undefined {
    return this.postedLists.get(nbl);
  }

  /** True when `nbl` went down through `binding` and has not come back up. */
  isOutstanding(binding: number, nbl: NET_BUFFER_LIST): boolean {
    return this.nbls[binding]?.get(nblKey(nbl.connection, nblKindOf(nbl)))?.has(nbl) === true;
  }

  /** The NBLs of the same connection and kind that went down through `binding` before `nbl` and are still outstanding. */
  outstandingBefore(binding: number, nbl: NET_BUFFER_LIST): NET_BUFFER_LIST[] {
    const set = this.nbls[binding]?.get(nblKey(nbl.connection, nblKindOf(nbl)));
    if (!set?.has(nbl)) return [];
    const out: NET_BUFFER_LIST[] = [];
    for (const n of set) {
      if (n === nbl) break;
      out.push(n);
    }
    return out;
  }

  /** The NBLs of one connection and kind outstanding through `binding`, in the order they went down. */
  outstanding(binding: number, connection: string, kind: NblKind): ReadonlySet<NET_BUFFER_LIST> {
    return this.nbls[binding]?.get(nblKey(connection, kind)) ?? EMPTY;
  }

  /** True when `nbl` was lent to the layer above `binding` and has not been returned. */
  isLent(binding: number, nbl: NET_BUFFER_LIST): boolean {
    return this.lent[binding]?.has(nbl) === true;
  }

  /** The receive direction of a connection (by label) through `binding`: as recorded, or as it starts. */
  stream(binding: number, connection: string): Readonly<ReceiveStream> {
    return this.streams[binding]?.get(connection) ?? this.freshStream(binding, connection);
  }

  /** The stream of a connection, made on first use. */
  private streamFor(binding: number, connection: string): ReceiveStream {
    const streams = (this.streams[binding] ??= new Map());
    let s = streams.get(connection);
    if (!s) streams.set(connection, (s = this.freshStream(binding, connection)));
    return s;
  }

  private freshStream(binding: number, connection: string): ReceiveStream {
    const next = this.starts[binding]?.get(connection) ?? 0;
    return { next, disconnectIndicated: false, postedAfterDisconnect: new Set(), prefilled: new Map(), abortedOutstanding: new Set() };
  }

  /** Records NBLs going down through a binding. */
  private nblsDown(binding: number, head: NET_BUFFER_LIST | null): void {
    const byKey = (this.nbls[binding] ??= new Map());
    for (let n = head; n; n = n.Next) {
      const key = nblKey(n.connection, nblKindOf(n));
      let set = byKey.get(key);
      if (!set) byKey.set(key, (set = new Set()));
      set.add(n);
      const stream = n.ReceiveBuffer ? this.streamFor(binding, n.connection) : undefined;
      if (stream?.disconnectIndicated) stream.postedAfterDisconnect.add(n);
      if (stream && n.TcpOffloadBytesTransferred > 0) stream.prefilled.set(n, n.TcpOffloadBytesTransferred);
    }
  }

  /** Records NBLs coming back up (completed, or handed back); a key with none left is forgotten. */
  private nblsUp(binding: number, nbls: Iterable<NET_BUFFER_LIST>): void {
    const byKey = this.nbls[binding];
    if (!byKey) return;
    for (const n of nbls) {
      const key = nblKey(n.connection, nblKindOf(n));
      const set = byKey.get(key);
      if (set?.delete(n) && set.size === 0) byKey.delete(key);
    }
  }

  /** Records receive NBLs lent up through a binding. */
  private lend(binding: number, head: NET_BUFFER_LIST | null | undefined): void {
    const set = (this.lent[binding] ??= new Set());
    for (let n = head ?? null; n; n = n.Next) set.add(n);
  }

  /**
   * A data I/O completion: each outstanding NBL comes back up, and the receive data in it advances its
   * stream. (An NBL that was not outstanding is nbl-completed-once's finding; it moves nothing.)
   */
  private completed(binding: number, nbls: readonly NET_BUFFER_LIST[]): void {
    for (const n of nbls) {
      const stream = this.isOutstanding(binding, n) ? this.streamFor(binding, n.connection) : undefined;
      this.nblsUp(binding, [n]);
      if (!stream) continue;
      stream.abortedOutstanding.delete(n);
      if (!n.ReceiveBuffer) continue;
      stream.postedAfterDisconnect.delete(n);
      const filled = this.filledByTarget(binding, n);
      if (filled) stream.next = filled[1];
      stream.prefilled.delete(n);
    }
  }

  /**
   * The stream range the layer below put in a receive buffer `nbl` (posted through `binding`): its
   * filled range without the bytes it was posted with; null when it put none there.
   */
  filledByTarget(binding: number, nbl: NET_BUFFER_LIST): [number, number] | null {
    const filled = nbl.ReceiveBuffer ? nbl.filled : null;
    if (!filled) return null;
    const start = filled[0] + (this.streams[binding]?.get(nbl.connection)?.prefilled.get(nbl) ?? 0);
    return start < filled[1] ? [start, filled[1]] : null;
  }

  objects(binding: number): Map<NDIS_OFFLOAD_HANDLE, Ghost> {
    let m = this.bindings[binding];
    if (!m) this.bindings[binding] = m = new Map();
    return m;
  }

  ghost(binding: number, handle: NDIS_OFFLOAD_HANDLE | null): Ghost | undefined {
    return handle ? this.bindings[binding]?.get(handle) : undefined;
  }

  isPaused(binding: number): boolean {
    return this.paused[binding] === true;
  }

  /** Updates the record after the rules have looked at a crossing. */
  apply(c: Crossing): void {
    const objects = this.objects(c.binding);
    switch (c.kind) {
      case 'request':
        forEachBlock<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST>(c.P, (node, parent) => {
          const h = node.OffloadHandle;
          if (!h) return;
          const g = objects.get(h);
          if (c.op === 'Initiate') {
            if (node.NetBufferListChain) this.nblsDown(c.binding, node.NetBufferListChain);
            if (g || h.deref() !== null) return; // a linker
            const layer = offloadLayerOf(node.Header.Type);
            if (!layer) return;
            if (layer === 'Tcp') this.startStream(c.binding, h.label, (node.State as TcpOffloadStructures | null)?.Delegated);
            const parentGhost = parent?.OffloadHandle ? (objects.get(parent.OffloadHandle) ?? null) : null;
            objects.set(h, {
              layer, label: h.label, state: S.TcpConnectionOffloadStateOffloading, parent: parentGhost, children: 0,
              updates: 0, otherOps: 0, invalidated: false, mandatoryRetrieve: 0, disconnectIndicated: false,
            });
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
      case 'completion':
        if (!c.P) return;
        forEachBlock<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST>(c.P, (node, parentNode) => {
          const h = node.OffloadHandle;
          const g = h ? objects.get(h) : undefined;
          if (!h || !g) return;
          if (c.op === 'Update' && node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS && g.layer === 'Path' && parentNode?.OffloadHandle) {
            // A path under a neighbor in an update tree is re-linked to that neighbor.
            const to = objects.get(parentNode.OffloadHandle);
            if (to && to.layer === 'Neighbor' && to !== g.parent) {
              if (g.parent) g.parent.children = Math.max(0, g.parent.children - 1);
              to.children++;
              g.parent = to;
            }
          }
          if (c.op === 'Initiate') {
            if (g.state !== S.TcpConnectionOffloadStateOffloading) return;
            if (offloadSucceeded(node.Status)) g.state = S.TcpConnectionOffloadStateOffloaded;
            else {
              // A failed initiate leaves the send data it carried with the caller.
              if (node.NetBufferListChain) this.nblsUp(c.binding, netBufferListsOf(node.NetBufferListChain));
              this.forget(c.binding, objects, h, g);
            }
          } else if (c.op === 'Terminate') {
            // The outstanding send data comes back in the terminate's NetBufferListChain; buffered
            // receive data comes up in BufferedData, lent until the host returns it.
            if (node.NetBufferListChain) this.nblsUp(c.binding, netBufferListsOf(node.NetBufferListChain));
            if (g.layer === 'Tcp') this.lend(c.binding, (node.State as TcpOffloadStructures | null)?.Delegated?.BufferedData);
            this.forget(c.binding, objects, h, g);
          } else if (c.op === 'Update') g.updates = Math.max(0, g.updates - 1);
          else {
            g.otherOps = Math.max(0, g.otherOps - 1);
            if (c.op === 'Invalidate' && node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) g.invalidated = true;
          }
        });
        return;
      case 'event': {
        const g = objects.get(c.handle);
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
          // before the reset may cross after this indication: it wrote that NBL's Status already.)
          for (const kind of ABORTED_KINDS) {
            for (const n of this.outstanding(c.binding, g.label, kind)) {
              if (n.Status === NDIS_STATUS.NDIS_STATUS_PENDING) stream.abortedOutstanding.add(n);
            }
          }
        }
        return;
      }
      case 'status':
        if (c.StatusCode === NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE || c.StatusCode === NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL) {
          this.paused[c.binding] = true;
        } else if (c.StatusCode === NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME) this.paused[c.binding] = false;
        return;
      case 'io':
        this.nblsDown(c.binding, c.NetBufferList);
        if (c.fn === 'NdisOffloadTcpSend' && c.NetBufferList.Next) {
          const list = netBufferListsOf(c.NetBufferList);
          for (const n of list) this.postedLists.set(n, list);
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
        const set = this.lent[c.binding];
        if (set) for (const n of c.NetBufferLists) set.delete(n);
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
    this.streams[binding]?.delete(label);
    if (next !== 0) (this.starts[binding] ??= new Map()).set(label, next);
    else this.starts[binding]?.delete(label);
  }

  private forget(binding: number, objects: Map<NDIS_OFFLOAD_HANDLE, Ghost>, h: NDIS_OFFLOAD_HANDLE, g: Ghost): void {
    objects.delete(h);
    if (g.parent) g.parent.children = Math.max(0, g.parent.children - 1);
    if (g.layer === 'Tcp') {
      this.streams[binding]?.delete(g.label);
      this.starts[binding]?.delete(g.label);
    }
  }
}

const EMPTY: ReadonlySet<NET_BUFFER_LIST> = new Set();

/** The NBL kinds that TcpIndicateAbort completes with NDIS_STATUS_REQUEST_ABORTED (sends and disconnects, receives). */
const ABORTED_KINDS: readonly NblKind[] = ['send', 'receive'];

function nblKey(connection: string, kind: NblKind): string {
  return `${kind} ${connection}`;
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

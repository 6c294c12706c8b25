/**
 * The rulebook's own record of what each binding has seen, built only from the calls that crossed it
 * (like a P specification monitor): per upper-layer handle, the object's offload state as that
 * binding knows it, its parent, its live dependents and its operations in flight. It never looks
 * inside a layer, so it judges a user's driver as it judges the reference ones.
 */
import { forEachBlock, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../ndis/blockList.js';
import { NDIS_STATUS } from '../ndis/NDIS_STATUS.js';
import type { NDIS_OFFLOAD_HANDLE } from '../ndis/NDIS_OFFLOAD_HANDLE.js';
import { netBufferListsOf, type NET_BUFFER_LIST } from '../ndis/NET_BUFFER_LIST.js';
import { offloadLayerOf, type OffloadLayer } from '../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason } from '../ndis/TCP_UPLOAD_REASON.js';
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

  /** Records NBLs going down through a binding. */
  private nblsDown(binding: number, head: NET_BUFFER_LIST | null): void {
    const byKey = (this.nbls[binding] ??= new Map());
    for (let n = head; n; n = n.Next) {
      const key = nblKey(n.connection, nblKindOf(n));
      let set = byKey.get(key);
      if (!set) byKey.set(key, (set = new Set()));
      set.add(n);
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
              this.forget(objects, h, g);
            }
          } else if (c.op === 'Terminate') {
            // The outstanding send data comes back in the terminate's NetBufferListChain.
            if (node.NetBufferListChain) this.nblsUp(c.binding, netBufferListsOf(node.NetBufferListChain));
            this.forget(objects, h, g);
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
        if (c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect) g.disconnectIndicated = true;
        return;
      }
      case 'status':
        if (c.StatusCode === NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE || c.StatusCode === NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL) {
          this.paused[c.binding] = true;
        } else if (c.StatusCode === NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME) this.paused[c.binding] = false;
        return;
      case 'io':
        this.nblsDown(c.binding, c.NetBufferList);
        return;
      case 'ioComplete':
        this.nblsUp(c.binding, c.NetBufferLists);
        return;
      case 'offloadEvent':
      case 'ioReturn':
        return;
    }
  }

  private forget(objects: Map<NDIS_OFFLOAD_HANDLE, Ghost>, h: NDIS_OFFLOAD_HANDLE, g: Ghost): void {
    objects.delete(h);
    if (g.parent) g.parent.children = Math.max(0, g.parent.children - 1);
  }
}

const EMPTY: ReadonlySet<NET_BUFFER_LIST> = new Set();

function nblKey(connection: string, kind: NblKind): string {
  return `${kind} ${connection}`;
}

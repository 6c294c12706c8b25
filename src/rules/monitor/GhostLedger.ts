/** The monitor's ledger of objects ("ghosts"): per binding, each object offloaded or offloading through it, as that binding knows it. */
import { forEachBlock, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import { NDIS_STATUS, offloadSucceeded } from '../../ndis/NDIS_STATUS.js';
import { offloadLayerOf, type OffloadLayer } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason } from '../../ndis/TCP_UPLOAD_REASON.js';
import type { CompletionCrossing, EventCrossing, RequestCrossing } from '../Crossing.js';

/** One object as one binding knows it (what the rules read; made from its {@link GhostRecord}). */
export interface Ghost {
  readonly layer: OffloadLayer;
  readonly label: string;
  /** TCP_CONNECTION_OFFLOAD_STATE as seen at this binding (Offloading, Offloaded, Uploading). */
  state: number;
  /**
   * The parent object's handle, if it is known at this binding: its id when the parent has the same owner
   * as this object (as it has unless a layer mixes handles of two owners in one tree), else owner and id.
   */
  parent: number | HandleRef | null;
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
 * How the ledger keeps one object (part of the monitor's state): four fields, as there is one per
 * offloaded object per binding. `bits` packs the layer, the state, `invalidated`, `disconnectIndicated`
 * and `mandatoryRetrieve` (see {@link unpackGhost}); the counts of updates (`u`) and of other operations
 * (`o`) in flight are there only while they are not 0.
 */
export interface GhostRecord {
  readonly label: string;
  bits: number;
  parent: number | HandleRef | null;
  children: number;
  u?: number;
  o?: number;
}

/** A handle by what names it: its owner and the owner's id. */
export interface HandleRef {
  readonly owner: string;
  readonly id: number;
}

/** The objects one binding knows: by the handle's owner, then its id. */
export type GhostTable = Record<string, Record<number, GhostRecord>>;

const LAYERS: readonly OffloadLayer[] = ['Neighbor', 'Path', 'Tcp'];
const LAYER_MASK = 0b11;
const STATE_SHIFT = 2;
const STATE_MASK = 0b111 << STATE_SHIFT;
const INVALIDATED = 1 << 5;
const DISCONNECT_INDICATED = 1 << 6;
const RETRIEVE_SHIFT = 7;
const LOW_MASK = (1 << RETRIEVE_SHIFT) - 1;

/** The record of an object as a {@link Ghost} describes it. */
export function packGhost(g: Ghost): GhostRecord {
  const bits =
    LAYERS.indexOf(g.layer) | (g.state << STATE_SHIFT) | (g.invalidated ? INVALIDATED : 0) | (g.disconnectIndicated ? DISCONNECT_INDICATED : 0) |
    (g.mandatoryRetrieve << RETRIEVE_SHIFT);
  const p = g.parent;
  const r: GhostRecord = { label: g.label, bits, parent: p !== null && typeof p === 'object' ? { owner: p.owner, id: p.id } : p, children: g.children };
  if (g.updates !== 0) r.u = g.updates;
  if (g.otherOps !== 0) r.o = g.otherOps;
  return r;
}

/** The object a record keeps, as a new value. */
export function unpackGhost(r: GhostRecord): Ghost {
  const bits = r.bits;
  return {
    layer: layerOf(r), label: r.label, state: stateOf(r), parent: r.parent, children: r.children, updates: r.u ?? 0, otherOps: r.o ?? 0,
    invalidated: (bits & INVALIDATED) !== 0, mandatoryRetrieve: bits >>> RETRIEVE_SHIFT, disconnectIndicated: (bits & DISCONNECT_INDICATED) !== 0,
  };
}

function layerOf(r: GhostRecord): OffloadLayer {
  return LAYERS[r.bits & LAYER_MASK]!;
}

function stateOf(r: GhostRecord): number {
  return (r.bits & STATE_MASK) >>> STATE_SHIFT;
}

function setState(r: GhostRecord, state: number): void {
  r.bits = (r.bits & ~STATE_MASK) | (state << STATE_SHIFT);
}

function setRetrieve(r: GhostRecord, reason: number): void {
  r.bits = (r.bits & LOW_MASK) | (reason << RETRIEVE_SHIFT);
}

/** An object a completion took off the ledger: its initiate failed, or its terminate completed. */
export interface DroppedGhost {
  /** The completed node that named it (its NetBufferListChain and state came back in it). */
  readonly node: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
  readonly ghost: GhostRecord;
  /** True for a terminate, false for a failed initiate. */
  readonly terminated: boolean;
}

/** The objects per binding; reads and writes `tables` (part of the monitor's state), by the binding's index. */
export class GhostLedger {
  constructor(private readonly tables: GhostTable[]) {}

  /** The objects offloaded or offloading through `binding`, by handle (owner, then id); made on first use. */
  objects(binding: number): GhostTable {
    return (this.tables[binding] ??= {});
  }

  /** Every object offloaded or offloading through `binding`. */
  all(binding: number): Ghost[] {
    return Object.values(this.tables[binding] ?? {}).flatMap((byId) => Object.values(byId).map(unpackGhost));
  }

  /** The object `handle` names at `binding`, if it knows one (a new value: writing to it changes nothing). */
  ghost(binding: number, handle: HandleRef | null | undefined): Ghost | undefined {
    const r = this.record(binding, handle);
    return r ? unpackGhost(r) : undefined;
  }

  /** The record of the object `handle` names at `binding`, if it knows one. */
  record(binding: number, handle: HandleRef | null | undefined): GhostRecord | undefined {
    return handle ? this.tables[binding]?.[handle.owner]?.[handle.id] : undefined;
  }

  /** The layer (Neighbor, Path, Tcp) of a record's object. */
  layerOf(r: GhostRecord): OffloadLayer {
    return layerOf(r);
  }

  /**
   * A state-manipulation request went down: an initiate's new objects become Offloading (a linker or an
   * object already known is not new); any other operation is counted on the objects it names. Returns
   * the nodes of the new objects.
   */
  requested(c: RequestCrossing): ReadonlySet<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST> {
    const b = c.binding;
    const offloaded = new Set<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST>();
    // The miniport form says, for each node, what the slot held when the call was made (a linker's is non-NULL).
    const linkers: HandleRef[] = [];
    if (c.op === 'Initiate') {
      forEachBlock(c.M, (m) => {
        if (m.NdisOffloadHandle && m.MiniportOffloadContext?.value) linkers.push(m.NdisOffloadHandle);
      });
    }
    forEachBlock(c.P, (node, parent) => {
      const h = node.OffloadHandle;
      if (!h) return;
      const g = this.record(b, h);
      if (c.op === 'Initiate') {
        if (g || linkers.some((l) => sameHandle(l, h))) return; // a linker
        const layer = offloadLayerOf(node.Header.Type);
        if (!layer) return;
        const parentHandle = parent?.OffloadHandle;
        const parentGhost = this.record(b, parentHandle);
        const ghost: GhostRecord = {
          label: h.label, bits: LAYERS.indexOf(layer) | (S.TcpConnectionOffloadStateOffloading << STATE_SHIFT),
          parent: parentGhost && parentHandle ? parentOf(h, parentHandle) : null, children: 0,
        };
        (this.objects(b)[h.owner] ??= {})[h.id] = ghost;
        if (parentGhost) parentGhost.children++;
        offloaded.add(node);
      } else if (g) {
        if (c.op === 'Terminate') {
          setState(g, S.TcpConnectionOffloadStateUploading);
          setRetrieve(g, 0);
        } else if (c.op === 'Update') g.u = (g.u ?? 0) + 1;
        else g.o = (g.o ?? 0) + 1;
      }
    });
    return offloaded;
  }

  /**
   * A state-manipulation completion came up: an initiate's objects become Offloaded, or are dropped when
   * it failed; a terminate's are dropped; an update or other operation is no longer in flight (and a path
   * updated under a neighbor is re-linked to it). Returns the objects dropped, in tree order.
   */
  completed(c: CompletionCrossing): DroppedGhost[] {
    const dropped: DroppedGhost[] = [];
    if (!c.P) return dropped;
    const b = c.binding;
    forEachBlock(c.P, (node, parentNode) => {
      const h = node.OffloadHandle;
      const g = this.record(b, h);
      if (!h || !g) return;
      const toHandle = parentNode?.OffloadHandle;
      if (c.op === 'Update' && node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS && layerOf(g) === 'Path' && toHandle) {
        // A path under a neighbor in an update tree is re-linked to that neighbor.
        const to = this.record(b, toHandle);
        if (to && layerOf(to) === 'Neighbor' && !isParent(g, h, toHandle)) {
          const from = this.parentGhost(b, h, g);
          if (from) from.children = Math.max(0, from.children - 1);
          to.children++;
          g.parent = parentOf(h, toHandle);
        }
      }
      if (c.op === 'Initiate') {
        if (stateOf(g) !== S.TcpConnectionOffloadStateOffloading) return;
        if (offloadSucceeded(node.Status)) setState(g, S.TcpConnectionOffloadStateOffloaded);
        else {
          this.forget(b, h, g);
          dropped.push({ node, ghost: g, terminated: false });
        }
      } else if (c.op === 'Terminate') {
        this.forget(b, h, g);
        dropped.push({ node, ghost: g, terminated: true });
      } else if (c.op === 'Update') {
        if (g.u !== undefined && --g.u <= 0) delete g.u;
      } else {
        if (g.o !== undefined && --g.o <= 0) delete g.o;
        if (c.op === 'Invalidate' && node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) g.bits |= INVALIDATED;
      }
    });
    return dropped;
  }

  /**
   * An event indication came up for a known object: a mandatory TcpIndicateRetrieve is an obligation
   * until the terminate (unless one has started); TcpIndicateDisconnect half-closes it.
   */
  indicated(g: GhostRecord, c: EventCrossing): void {
    if (c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve && isMandatoryUploadReason(c.EventSpecificInformation)) {
      if (stateOf(g) !== S.TcpConnectionOffloadStateUploading) setRetrieve(g, c.EventSpecificInformation);
    }
    if (c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect) g.bits |= DISCONNECT_INDICATED;
  }

  /** Takes an object off the ledger; its parent has one dependent less. */
  private forget(binding: number, h: HandleRef, g: GhostRecord): void {
    const byId = this.tables[binding]?.[h.owner];
    if (byId) delete byId[h.id];
    const parent = this.parentGhost(binding, h, g);
    if (parent) parent.children = Math.max(0, parent.children - 1);
  }

  /** The parent of the object `h` names (`g`) at `binding`, if it knows one. */
  private parentGhost(binding: number, h: HandleRef, g: GhostRecord): GhostRecord | undefined {
    const p = g.parent;
    if (p === null) return undefined;
    return typeof p === 'number' ? this.tables[binding]?.[h.owner]?.[p] : this.record(binding, p);
  }
}

/**
 * How the object `h` names keeps its parent's handle: the id alone when both have one owner, else the
 * owner and id as a value (the ledger keeps no reference to a crossing's data).
 */
function parentOf(h: HandleRef, parent: HandleRef): number | HandleRef {
  return parent.owner === h.owner ? parent.id : { owner: parent.owner, id: parent.id };
}

/** True when `parent` is the parent `g` (the object `h` names) has. */
function isParent(g: GhostRecord, h: HandleRef, parent: HandleRef): boolean {
  const p = g.parent;
  if (p === null) return false;
  return typeof p === 'number' ? parent.owner === h.owner && parent.id === p : sameHandle(p, parent);
}

function sameHandle(a: HandleRef, b: HandleRef): boolean {
  return a.owner === b.owner && a.id === b.id;
}

/**
 * The one queue of pending items. Machines decide, the scheduler delivers: every completion,
 * indication, segment and timer waits here until the policy (or an explicit choice) picks it.
 * Deterministic: the only source of choice is the policy, and its random numbers come from the
 * simulation's own generator, kept in the state. The queue is plain data (SchedulerState); the
 * Scheduler is the code around it.
 */
import type { PendingItem, PendingKind } from './PendingItem.js';
import { fifoPolicy, type SchedulingPolicy } from './policies.js';
import type { SimulatedClock } from './SimulatedClock.js';
import { fourTupleText } from '../wire/FourTuple.js';

/** The scheduler's part of the simulation state. */
export interface SchedulerState {
  /** Pending items, in the order made. */
  items: PendingItem[];
  /** The id the next item gets. */
  nextId: number;
  /** The seeded random generator's state (mulberry32), for random policies. */
  random: number;
}

export function createSchedulerState(seed: number): SchedulerState {
  return { items: [], nextId: 1, random: seed >>> 0 };
}

/** A pending item before the scheduler numbers it and gives it a time: one per kind, as PendingItem. */
export type NewPendingItem = WithoutNumbering<PendingItem>;
type WithoutNumbering<I> = I extends PendingItem ? Omit<I, 'id' | 'readyAt'> : never;

/** Virtual latency of a pending item, by kind, in microseconds. */
export const LATENCY_US: Readonly<Record<PendingKind, number>> = { completion: 100, indication: 50, status: 50, segment: 200, timer: 500_000 };

export class Scheduler {
  constructor(
    private readonly state: SchedulerState,
    private readonly clock: SimulatedClock,
    public policy: SchedulingPolicy = fifoPolicy(),
    /** Performs a delivery (NDIS calls the handler above, the wire hands over the segment, the timer fires). */
    private readonly perform: (item: PendingItem) => void = () => {},
  ) {}

  /** Queues an item (ready after `latencyUs`, by default its kind's latency); returns it with its id and the time from which it may be delivered. */
  add(item: NewPendingItem, latencyUs: number = LATENCY_US[item.kind]): PendingItem {
    // The caller's record becomes the item (no copy): the one place a new item is given its id and time.
    const full = item as Mutable<PendingItem>;
    full.id = this.state.nextId++;
    full.readyAt = this.clock.now() + latencyUs;
    this.state.items.push(full);
    return full;
  }

  /** Every pending item, enabled or not, in the order made. */
  all(): readonly PendingItem[] {
    return this.state.items;
  }

  get size(): number {
    return this.state.items.length;
  }

  /** The items that may be delivered now, in the order made (index k of `deliver(k)`). */
  enabled(): PendingItem[] {
    const items = this.state.items;
    const out: PendingItem[] = [];
    for (let i = 0; i < items.length; i++) {
      const b = items[i];
      if (b !== undefined && !blocked(items, b, i)) out.push(b);
    }
    return out;
  }

  /** Delivers enabled item `k` (default: the policy's pick). Returns it, or undefined when nothing is pending. */
  deliver(k?: number): PendingItem | undefined {
    const items = this.state.items;
    if (items.length === 0) return undefined;
    // Nothing comes before the oldest item, so it is never blocked (but a TCP timer waits for its connection's segments).
    if (k === undefined && this.policy.oldestFirst && !waitsForWire(items[0]!)) return this.performItem(items.shift());
    const enabled = this.enabled();
    return this.deliverEnabled(enabled, k ?? this.policy.pick(enabled, () => this.random()));
  }

  /** Delivers `enabled[index]`; throws a RangeError when there is no such item. */
  private deliverEnabled(enabled: readonly PendingItem[], index: number): PendingItem {
    const item = enabled[index];
    if (!item) throw new RangeError(`no enabled pending item ${index} (there are ${enabled.length})`);
    const items = this.state.items;
    items.splice(items.indexOf(item), 1);
    return this.performItem(item);
  }

  /** Moves the clock to the item's time and performs it. */
  private performItem<I extends PendingItem | undefined>(item: I): I {
    if (item) {
      this.clock.advanceTo(item.readyAt);
      this.perform(item);
    }
    return item;
  }

  /** Now, in virtual microseconds. */
  now(): number {
    return this.clock.now();
  }

  /** Takes every pending item `which` chooses out of the queue (a cancelled timer); returns how many. */
  remove(which: (item: PendingItem) => boolean): number {
    const items = this.state.items;
    let n = 0;
    for (let i = items.length - 1; i >= 0; i--) {
      if (which(items[i]!)) {
        items.splice(i, 1);
        n++;
      }
    }
    return n;
  }

  /** Delivers the item with this id if it is enabled; throws a RangeError naming what is pending otherwise. */
  deliverById(id: number): PendingItem {
    const enabled = this.enabled();
    const k = enabled.findIndex((i) => i.id === id);
    if (k < 0) {
      const known = this.state.items.some((i) => i.id === id);
      throw new RangeError(
        known
          ? `pending item #${id} must wait for an earlier indication about the same object`
          : `no pending item #${id}; pending: ${this.state.items.map((i) => `#${i.id}`).join(', ') || 'none'}`,
      );
    }
    return this.deliverEnabled(enabled, k);
  }

  /** Delivers until nothing is pending or `maxSteps` deliveries were made. Returns the count. */
  runUntilQuiet(maxSteps = 1_000_000): number {
    let n = 0;
    while (n < maxSteps && this.deliver() !== undefined) n++;
    return n;
  }

  /** The next number of the seeded generator (mulberry32), in [0, 1); its state is the scheduler's. */
  random(): number {
    const a = (this.state.random = (this.state.random + 0x6d2b79f5) >>> 0);
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A TCP timer that must wait for its connection's segments (PendingTimer.afterSegmentsOf). */
function waitsForWire(b: PendingItem): boolean {
  return b.kind === 'timer' && b.afterSegmentsOf !== undefined;
}

/** Is `a` a segment of connection `key` on the wire, or on its way up the normal receive path? */
export function onWireFor(a: PendingItem, key: string): boolean {
  if (a.kind === 'segment') return a.handles[0] === key;
  return a.call.fn === 'NdisMIndicateReceiveNetBufferLists' && fourTupleText(a.call.NetBufferLists.segment.connection) === key;
}

/** Whether item `b` (at `index`) must wait for an earlier item. */
function blocked(items: readonly PendingItem[], b: PendingItem, index: number): boolean {
  if (b.kind === 'timer' && b.afterSegmentsOf !== undefined) {
    // Any segment of its connection, made before or after it, arrives first (a timeout outlasts a flight).
    const key = b.afterSegmentsOf;
    if (items.some((a) => onWireFor(a, key))) return true;
  }
  for (let i = 0; i < index; i++) {
    const a = items[i];
    if (a === undefined || a.caller !== b.caller) continue;
    if (a.kind === 'status' && b.kind === 'status') return true;
    if (b.orderKey !== undefined && a.orderKey === b.orderKey) return true;
    // The wire does not reorder the segments one sender sends on one connection.
    if (a.kind === 'segment' && b.kind === 'segment' && intersects(a.handles, b.handles)) return true;
    if (a.kind === 'indication' && b.kind === 'indication' && intersects(a.handles, b.handles)) return true;
    if (b.isTerminate && a.kind !== 'status' && intersects(a.handles, b.handles)) return true;
  }
  return false;
}

function intersects(a: readonly string[], b: readonly string[]): boolean {
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  if (large.length <= 8) {
    for (const x of small) if (large.includes(x)) return true;
    return false;
  }
  const set = setOf(large);
  for (const x of small) if (set.has(x)) return true;
  return false;
}

/** Sets of the long handle lists (a terminate of many objects), made once per list: a cache, not state. */
const SETS = new WeakMap<readonly string[], ReadonlySet<string>>();

function setOf(list: readonly string[]): ReadonlySet<string> {
  let set = SETS.get(list);
  if (!set) SETS.set(list, (set = new Set(list)));
  return set;
}

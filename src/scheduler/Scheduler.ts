/**
 * The one queue of pending items. Machines decide, the scheduler delivers: every completion and
 * indication waits here until the policy (or an explicit `deliver(k)`) picks it. Deterministic: the
 * only source of choice is the policy.
 */
import type { PendingItem, PendingKind } from './PendingItem.js';
import { fifoPolicy, type SchedulingPolicy } from './policies.js';
import type { SimulatedClock } from './SimulatedClock.js';

export type NewPendingItem = Omit<PendingItem, 'id' | 'readyAt'>;

export class Scheduler {
  private items: PendingItem[] = [];
  private nextId = 1;

  constructor(
    private readonly clock: SimulatedClock,
    public policy: SchedulingPolicy = fifoPolicy(),
    /** Virtual latency of an up-call, by kind, in microseconds. */
    private readonly latencyUs: Record<PendingKind, number> = { completion: 100, indication: 50, status: 50, segment: 200, timer: 500_000 },
  ) {}

  /**
   * Queues an item; returns it with its id. The caller's fresh object becomes the item (no copy on this
   * hot path, and a `label` getter stays lazy): callers hand over an object they do not keep.
   */
  add(item: NewPendingItem): PendingItem {
    const full = item as PendingItem & { id: number; readyAt: number };
    full.id = this.nextId++;
    full.readyAt = this.clock.now() + this.latencyUs[item.kind];
    this.items.push(full);
    return full;
  }

  /** Every pending item, enabled or not, in the order made. */
  all(): readonly PendingItem[] {
    return this.items;
  }

  get size(): number {
    return this.items.length;
  }

  /** The items that may be delivered now, in the order made (index k of `deliver(k)`). */
  enabled(): PendingItem[] {
    const out: PendingItem[] = [];
    for (let i = 0; i < this.items.length; i++) {
      const b = this.items[i]!;
      if (!this.blocked(b, i)) out.push(b);
    }
    return out;
  }

  /** Delivers enabled item `k` (default: the policy's pick). Returns it, or undefined when nothing is pending. */
  deliver(k?: number): PendingItem | undefined {
    if (this.items.length === 0) return undefined;
    let item: PendingItem | undefined;
    if (k === undefined && this.policy.oldestFirst) {
      item = this.items.shift()!; // nothing comes before the oldest item, so it is never blocked
    } else {
      const enabled = this.enabled();
      const index = k ?? this.policy.pick(enabled);
      item = enabled[index];
      if (!item) throw new RangeError(`no enabled pending item ${index} (there are ${enabled.length})`);
      this.items.splice(this.items.indexOf(item), 1);
    }
    this.clock.advanceTo(item.readyAt);
    item.deliver();
    return item;
  }

  /** Delivers the item with this id if it is enabled; throws a RangeError naming what is pending otherwise. */
  deliverById(id: number): PendingItem {
    const enabled = this.enabled();
    const k = enabled.findIndex((i) => i.id === id);
    if (k < 0) {
      const known = this.items.some((i) => i.id === id);
      throw new RangeError(
        known
          ? `pending item #${id} must wait for an earlier indication about the same object`
          : `no pending item #${id}; pending: ${this.items.map((i) => `#${i.id}`).join(', ') || 'none'}`,
      );
    }
    return this.deliver(k)!;
  }

  /** Delivers until nothing is pending or `maxSteps` deliveries were made. Returns the count. */
  runUntilQuiet(maxSteps = 1_000_000): number {
    let n = 0;
    while (n < maxSteps && this.deliver() !== undefined) n++;
    return n;
  }

  private blocked(b: PendingItem, index: number): boolean {
    for (let i = 0; i < index; i++) {
      const a = this.items[i]!;
      if (a.caller !== b.caller) continue;
      if (a.kind === 'status' && b.kind === 'status') return true;
      if (b.orderKey !== undefined && a.orderKey === b.orderKey) return true;
      // The wire does not reorder the segments one sender sends on one connection.
      if (a.kind === 'segment' && b.kind === 'segment' && intersects(a.handles, b.handles)) return true;
      if (a.kind === 'indication' && b.kind === 'indication' && intersects(a.handles, b.handles)) return true;
      if (b.isTerminate && a.kind !== 'status' && intersects(a.handles, b.handles)) return true;
    }
    return false;
  }
}

function intersects(a: ReadonlySet<unknown>, b: ReadonlySet<unknown>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return true;
  return false;
}

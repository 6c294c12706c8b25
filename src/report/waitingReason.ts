/**
 * Why a pending item cannot be delivered yet: which earlier item it waits for, and the ordering rule
 * behind it. The scheduler's own test (`blocked` in src/scheduler/Scheduler.ts) answers yes or no; this
 * says why, rule by rule in the same order, and a test holds the two to the same answer on every frame
 * of every scenario.
 */
import type { PendingItem } from '../scheduler/PendingItem.js';
import { onWireFor } from '../scheduler/Scheduler.js';

/** Why `items[index]` waits, or undefined when it may be delivered now. */
export function waitingReason(items: readonly PendingItem[], index: number): string | undefined {
  const b = items[index];
  if (b === undefined) return undefined;
  if (b.kind === 'timer' && b.afterSegmentsOf !== undefined) {
    const key = b.afterSegmentsOf;
    const a = items.find((x) => onWireFor(x, key));
    if (a) return `waits for #${a.id} from ${a.caller}: a TCP timer does not fire while a segment of its connection is on the wire (a timeout outlasts a flight)`;
  }
  for (let i = 0; i < index; i++) {
    const a = items[i];
    if (a === undefined || a.caller !== b.caller) continue;
    const by = `waits for #${a.id} from ${a.caller}`;
    if (a.kind === 'status' && b.kind === 'status') return `${by}: one layer's status indications are delivered in the order made`;
    if (b.orderKey !== undefined && a.orderKey === b.orderKey) return `${by}: a connection's receive path is delivered in order (reference §6.7)`;
    if (a.kind === 'segment' && b.kind === 'segment' && shares(a, b)) return `${by}: the wire does not reorder one sender's segments on one connection`;
    if (a.kind === 'indication' && b.kind === 'indication' && shares(a, b)) return `${by}: indications about one object keep their order`;
    if (b.isTerminate && a.kind !== 'status' && shares(a, b)) {
      return `${by}: before NdisMTerminateOffloadComplete, every earlier request and indication on its objects completes (reference §8 item 7)`;
    }
  }
  return undefined;
}

function shares(a: PendingItem, b: PendingItem): boolean {
  return a.handles.some((h) => b.handles.includes(h));
}

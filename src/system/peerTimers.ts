/**
 * The remote peer's timers as scheduler items. The peer is not an NDIS layer, so the simulation sets,
 * cancels and delivers its retransmit and persist timers for it: pending timers like this machine's TCP
 * timers (`retransmit timer of the peer's tcp c1`, `persist timer of the peer's tcp c1`, waiting while a
 * segment of the connection is on the wire), made by `peer` with layer index PEER_TIMER_LAYER — no
 * layer's, and not the wire's (-1).
 */
import type { PeerTimerKind, PeerTimers } from '../layers/peer/peerRetransmit.js';
import type { PendingItem } from '../scheduler/PendingItem.js';
import type { Scheduler } from '../scheduler/Scheduler.js';
import type { Trace } from '../trace/Trace.js';
import { fourTupleOf, fourTupleText, type FourTuple } from '../wire/FourTuple.js';

/** The layer index of the peer's timers: below every layer (0 and up) and the wire's segments (-1). */
export const PEER_TIMER_LAYER = -2;

/** A timer of the peer's (its retransmit timer unless told) of a connection, as traces and pending lists name it. */
export const peerTimerName = (label: string, timer: PeerTimerKind = 'retransmit') => `${timer} timer of the peer's ${label}`;

/** Is a pending item one of the peer's timers? */
export function isPeerTimer(item: PendingItem): boolean {
  return item.kind === 'timer' && item.layer === PEER_TIMER_LAYER;
}

/** The connection a peer timer is about, and which of its timers it is (its FunctionContext). */
export function peerTimerOf(item: PendingItem): { connection: FourTuple; timer: PeerTimerKind } | null {
  const context = item.call.fn === 'timer' ? item.call.FunctionContext : null;
  if (typeof context !== 'object' || context === null || Array.isArray(context) || !('connection' in context)) return null;
  const timer: PeerTimerKind = 'timer' in context && context.timer === 'persist' ? 'persist' : 'retransmit';
  return { connection: fourTupleOf(context.connection as unknown as FourTuple), timer };
}

/** Sets and cancels the peer's timers in the scheduler, and says what the peer decided in the trace. */
export function peerTimers(scheduler: Scheduler, trace: Trace, labelOf: (t: FourTuple) => string): PeerTimers {
  const named = (connection: FourTuple, timer: PeerTimerKind) => peerTimerName(labelOf(connection), timer);
  return {
    set: (connection, afterUs, timer = 'retransmit') => {
      const t = fourTupleOf(connection);
      scheduler.add(
        {
          fn: 'timer', kind: 'timer', caller: 'peer', layer: PEER_TIMER_LAYER, objects: [labelOf(t)], handles: [], isTerminate: false,
          afterSegmentsOf: fourTupleText(t),
          call: { fn: 'timer', TimerObject: named(t, timer), FunctionContext: { timer, connection: { ...t } } },
        },
        afterUs,
      );
    },
    cancel: (connection, timer = 'retransmit') => {
      const key = fourTupleText(connection);
      scheduler.remove((item) => isPeerTimer(item) && item.kind === 'timer' && item.afterSegmentsOf === key && peerTimerOf(item)?.timer === timer);
    },
    say: (connection, text) => {
      if (trace.wanted) trace.record({ kind: 'decision', layer: 'peer', text, object: labelOf(connection) });
    },
  };
}

/** A peer timer expires: the trace says so, as it does for this machine's timers; then `fire` runs the peer's handler. */
export function deliverPeerTimer(item: PendingItem, trace: Trace, fire: (connection: FourTuple, timer: PeerTimerKind) => void): void {
  const call = item.call;
  const of = peerTimerOf(item);
  if (call.fn !== 'timer' || !of) return;
  if (trace.wanted) trace.record({ kind: 'decision', layer: 'peer', text: `${call.TimerObject} expires (item ${item.id})`, object: item.objects[0]! });
  fire(of.connection, of.timer);
}

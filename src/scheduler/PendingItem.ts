/**
 * A pending item: an up-call (completion, indication, status indication) a layer has made that NDIS
 * has not yet delivered to the layer above, a TCP segment on the wire between this machine and the
 * remote peer, or a timer. It is plain data — the call and its arguments — and the scheduler decides
 * which one happens next; NDIS (or the wire, or the timer's owner) performs it when delivered. The
 * item is a union by `kind`: narrowing on it gives the call's type.
 */
import type { UpCall } from '../ndis/calls.js';
import type { Reserved } from '../ndis/NET_BUFFER_LIST.js';
import type { Segment } from '../wire/Segment.js';

/** The kinds of an up-call NDIS holds: a completion, an indication, an adapter status indication. */
export type UpCallKind = 'completion' | 'indication' | 'status';
export type PendingKind = UpCallKind | 'segment' | 'timer';

/** Who put a segment on the wire: this machine's host stack or offload target, or the peer. */
export type WireEnd = 'host' | 'target' | 'peer';

/** A segment on the wire, as a call: who sent it, and the segment. */
export interface SegmentCall {
  fn: 'segment';
  from: WireEnd;
  segment: Segment;
}

/** A timer's expiry, as a call: NDIS calls the owner's NetTimerCallback with FunctionContext. */
export interface TimerCall {
  fn: 'timer';
  TimerObject: string;
  FunctionContext: Reserved;
}

/** The call a pending item performs when delivered, with its arguments (C parameter names). */
export type PendingCall = UpCall | SegmentCall | TimerCall;

/** What every pending item has, whatever its kind. */
interface PendingBase {
  /** 1, 2, 3, ... in the order the items were made. */
  readonly id: number;
  /** Name of the layer that made the call (`target`, `IM1`), or the wire end that sent the segment. */
  readonly caller: string;
  /** Index of the calling layer (0 = host stack); -1 for the peer. */
  readonly layer: number;
  /** The objects the call is about (labels), for listing and scripting. */
  readonly objects: readonly string[];
  /** Virtual time from which it may be delivered. */
  readonly readyAt: number;
  /**
   * Ordering: the offload handles (handleKey) the call is about. Indications about one object keep their
   * order, and a terminate completion waits for every earlier indication and completion about its objects
   * (reference §8 rule 7: all in-flight requests and indications finish before the terminate does).
   */
  readonly handles: readonly string[];
  readonly isTerminate: boolean;
  /** Items with the same key are delivered in the order made (a connection's receive path, reference §6.7). */
  readonly orderKey?: string;
}

/** An up-call a layer made on its own, waiting for NDIS to deliver it to the layer above. */
export interface PendingUpCall extends PendingBase {
  readonly kind: UpCallKind;
  /** The NDIS function. */
  readonly fn: UpCall['fn'];
  /** What is delivered. */
  readonly call: UpCall;
}

/** A segment on the wire. */
export interface PendingSegment extends PendingBase {
  readonly kind: 'segment';
  readonly fn: 'segment';
  readonly call: SegmentCall;
}

/** A timer that will expire. */
export interface PendingTimer extends PendingBase {
  readonly kind: 'timer';
  /** A TCP timer of this connection (fourTupleText): it does not fire while a segment of the connection is on the wire. */
  readonly afterSegmentsOf?: string;
  readonly fn: 'timer';
  readonly call: TimerCall;
}

export type PendingItem = PendingUpCall | PendingSegment | PendingTimer;

/**
 * The one trace: every NDIS call, queued up-call, state change, decision and rule violation is one
 * member of this closed union. Narration, JSON Lines, golden files and tests read it and nothing else.
 * Arguments are kept as raw values by their C names; `decodeArgs` turns them into
 * `EventType: TcpIndicateRetrieve (3)` text.
 */
import type { NdisFunction, NdisHandler } from '../ndis/calls.js';

/** One node of a block-list tree as it was when the call crossed (a snapshot). */
export interface BlockSnapshot {
  /** Depth in the tree: 0 neighbor-level root, 1, 2. */
  depth: number;
  /** Header.Type (OFFLOAD_STATE_TYPE). */
  Type: number;
  /** The object the node stands for (`tcp 1`), or `placeholder`. */
  object: string;
  /** placeholder / linker / new offload, seen from the callee (miniport form) when known. */
  role?: 'placeholder' | 'linker' | 'new';
  /** The handle the node carries (`host#3`), if any. */
  handle?: string;
  Status: number;
  /** The send NBLs the node carries (`NBL#1[0..100), NBL#2[100..150)`), when it carries any. */
  NetBufferListChain?: string;
  /** TCP_OFFLOAD_STATE_DELEGATED.BufferedData: receive data carried down (initiate) or handed back (terminate). */
  BufferedData?: string;
}

/** A raw argument value: a number (decoded by its name), a string, or a block-list snapshot. */
export type TraceValue = number | string | BlockSnapshot[];

interface TraceBase {
  /** 1, 2, 3, ... in the order the events happened. */
  seq: number;
  /** Virtual time in microseconds. */
  time: number;
}

/** A call crossing one layer boundary: `caller` called `fn`, NDIS called `handler` in `callee`. */
export interface CallEvent extends TraceBase {
  kind: 'call';
  fn: NdisFunction;
  handler: NdisHandler;
  caller: string;
  callee: string;
  /** The state objects the call is about (`tcp 1`, `path 10.0.0.2`, ...). */
  objects: string[];
  args: Record<string, TraceValue>;
  /** The pending item this delivery came from, when it came from the scheduler. */
  item?: number;
}

/** A call that returns an NDIS_STATUS came back: what the callee returned to the caller. */
export interface ReturnEvent extends TraceBase {
  kind: 'return';
  fn: NdisFunction;
  caller: string;
  callee: string;
  objects: string[];
  Status: number;
  /** NdisTcpOffloadReceiveHandler only: *BytesConsumed. */
  BytesConsumed?: number;
}

/** An up-call (completion or indication) a layer made that now waits in the scheduler queue. */
export interface PendEvent extends TraceBase {
  kind: 'pend';
  item: number;
  fn: NdisFunction;
  caller: string;
  objects: string[];
  args: Record<string, TraceValue>;
}

/** A TCP segment crossed the wire (delivered to the receiving side). */
export interface SegmentEvent extends TraceBase {
  kind: 'segment';
  /** `host`, `target` (this machine) or `peer`. */
  from: string;
  to: string;
  /** The connection (`tcp c1`). */
  object: string;
  /** `seq 0 len 100 ack 0`. */
  segment: string;
  /** The pending item it was. */
  item: number;
}

/** A state change of one object in one layer. */
export interface StateChangeEvent extends TraceBase {
  kind: 'stateChange';
  layer: string;
  object: string;
  /** `offload` (TCP_CONNECTION_OFFLOAD_STATE), `tcp` (RFC 793 / TCPSTATE), `adapter` (host's view of the target). */
  region: 'offload' | 'tcp' | 'adapter';
  from: string;
  to: string;
}

/** A layer's decision worth reading: why it called what it called next. */
export interface DecisionEvent extends TraceBase {
  kind: 'decision';
  layer: string;
  object?: string;
  text: string;
}

/** A command given to the simulation from outside (a user, a test, a scenario step). */
export interface CommandEvent extends TraceBase {
  kind: 'command';
  text: string;
}

/** A documented rule was broken. */
export interface ViolationEvent extends TraceBase {
  kind: 'violation';
  rule: string;
  summary: string;
  source: string;
  /** The layer that broke it. */
  layer: string;
  objects: string[];
  detail: string;
}

export type TraceEvent = CallEvent | ReturnEvent | SegmentEvent | PendEvent | StateChangeEvent | DecisionEvent | CommandEvent | ViolationEvent;
export type TraceEventKind = TraceEvent['kind'];

/** Exhaustiveness guard for switches over closed unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

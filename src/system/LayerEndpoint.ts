/** What NDIS needs of a layer: its name and a way to call its handlers (an xstate actor's `send`). */
import type { NdisEdgeEvent, OffloadOperation } from '../ndis/calls.js';

export interface LayerEndpoint {
  /** `host`, `IM1` ... `IMn`, `target`. */
  readonly name: string;
  /** NDIS calls the layer's handler named `event.type`. */
  receive(event: NdisEdgeEvent): void;
  /**
   * Whether the layer has work waiting for a pended NdisMXxxOffloadComplete of `op` to return (when it
   * has none, NDIS does not tell it; for an initiate it can ask `initiateCompletionPending` when it needs to know).
   */
  wantsReturn?(op: OffloadOperation): boolean;
}

/**
 * A pending item: an up-call (completion, indication, status indication) a layer has made that
 * NDIS has not yet delivered to the layer above, or a TCP segment on the wire between this machine
 * and the remote peer. The scheduler decides which one happens next.
 */
import type { NdisFunction } from '../ndis/calls.js';

export type PendingKind = 'completion' | 'indication' | 'status' | 'segment' | 'timer';

export interface PendingItem {
  /** 1, 2, 3, ... in the order the items were made. */
  readonly id: number;
  /** The NDIS function, or `segment` for a segment on the wire. */
  readonly fn: NdisFunction | 'segment' | 'timer';
  readonly kind: PendingKind;
  /** Name of the layer that made the call. */
  readonly caller: string;
  /** Readable one-line description: `NdisTcpOffloadEventHandler(tcp 1, TcpIndicateRetrieve)`. */
  readonly label: string;
  /** The objects the call is about (labels), for listing and scripting. */
  readonly objects: readonly string[];
  /** Virtual time from which it may be delivered. */
  readonly readyAt: number;
  /**
   * Ordering: the offload handles the call is about. Indications about one object keep their order,
   * and a terminate completion waits for every earlier indication and completion about its objects
   * (reference §8 rule 7: all in-flight requests and indications finish before the terminate does).
   */
  readonly handles: ReadonlySet<unknown>;
  readonly isTerminate: boolean;
  /** Items with the same key are delivered in the order made (a connection's receive path, reference §6.7). */
  readonly orderKey?: string | undefined;
  /** The data the call carries, if any (the NBL chain of a send completion): it is in flight until delivered. */
  readonly carries?: unknown;
  /** Performs the delivery (NDIS calls the handler above). */
  readonly deliver: () => void;
}

/**
 * The intermediate driver's per-object and per-operation records (reference §7.2, §7.3):
 * - an IM offload entry holds the handle the layer above gave it (`upperHandle`, used for every
 *   indication going up) and its own handle for the binding below (`ownHandle`, passed down);
 * - an IM call entry holds what the IM saved from the incoming miniport block list (ImReserved,
 *   SourceHandle) while it propagates one operation.
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import type { OffloadOperation } from '../../ndis/calls.js';
import type { NDIS_OFFLOAD_HANDLE, OffloadContext } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';

export interface ImOffloadEntry extends OffloadContext {
  readonly owner: string;
  readonly serial: number;
  /** The NdisOffloadHandle received from above (the upper layer's NDIS_OFFLOAD_HANDLE). */
  readonly upperHandle: NDIS_OFFLOAD_HANDLE;
  /** This IM's own NDIS_OFFLOAD_HANDLE for the binding below; its slot holds the lower layer's context. */
  ownHandle: NDIS_OFFLOAD_HANDLE;
}

export interface ImCallEntry {
  readonly op: OffloadOperation;
  /** The miniport block list received from above, completed upward with the same root. */
  readonly miniportRoot: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;
  readonly savedImReserved: [unknown, unknown];
  readonly savedSourceHandle: unknown;
}

/**
 * The pass-through intermediate driver's state (reference §7.2, §7.3), plain data:
 * - an IM offload entry per offloaded object holds the handle the layer above gave it (`upperHandle`,
 *   used for every indication going up) and the IM's own handle for the binding below (`ownHandle`,
 *   passed down); the PVOID the IM writes into the upper slot names the entry (its id);
 * - an IM call entry per operation in flight holds what the IM saved from the incoming miniport block
 *   list (ImReserved, SourceHandle) and the tree it completes upward; the id goes down in ImReserved[0].
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../ndis/blockList.js';
import type { NdisBindingHandle, NdisMiniportHandle, OffloadOperation } from '../../../ndis/calls.js';
import type { NDIS_OFFLOAD_HANDLE } from '../../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { Reserved } from '../../../ndis/NET_BUFFER_LIST.js';
import type { ImOffloadEntryState } from '../../../machines/imOffloadEntryMachine.js';

export interface ImOffloadEntry {
  /** The entry's id: what the IM writes into the upper `*MiniportOffloadContext` (as `{ owner, id }`). */
  readonly id: number;
  /** The NdisOffloadHandle received from above (the upper layer's NDIS_OFFLOAD_HANDLE). */
  readonly upperHandle: NDIS_OFFLOAD_HANDLE;
  /** This IM's own NDIS_OFFLOAD_HANDLE for the binding below; its slot holds the lower layer's context. */
  readonly ownHandle: NDIS_OFFLOAD_HANDLE;
  /** Where the entry stands (imOffloadEntryMachine). */
  state: ImOffloadEntryState;
}

export interface ImCallEntry {
  readonly op: OffloadOperation;
  /** The miniport block list received from above, completed upward with the same root. */
  readonly miniportRoot: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;
  readonly savedImReserved: [Reserved, Reserved];
  readonly savedSourceHandle: Reserved;
}

export interface PassThroughState {
  /** The layer's name (`IM1`): the owner of its handles and contexts. */
  readonly name: string;
  readonly NdisMiniportHandle: NdisMiniportHandle;
  readonly NdisBindingHandle: NdisBindingHandle;
  /** The next id for an entry or a handle (one numbering, as the traces show: `IM1#2`). */
  nextId: number;
  /** The next id for a call entry. */
  nextCallId: number;
  /** Offload entries by `e<id>`. */
  entries: Record<number, ImOffloadEntry>;
  /** The entry each of its own handles belongs to: entry id by `h<handle id>`. */
  byHandle: Record<number, number>;
  /** Call entries by `c<id>`. */
  calls: Record<number, ImCallEntry>;
}

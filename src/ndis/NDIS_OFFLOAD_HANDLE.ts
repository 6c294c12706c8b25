/**
 * `NDIS_OFFLOAD_HANDLE { PVOID NdisReserved[1]; PVOID MiniportOffloadContext; }` (reference §4.3), as a
 * value.
 *
 * Each layer allocates one per offloaded state object, for its own binding to the layer below. In C the
 * handle is embedded in the owner's record and passed by address; here it is a value naming its owner
 * (the layer) and the owner's id for it, which only the owner resolves, in its own state. `label` names
 * the state object in traces (`tcp c1`, `path 10.0.0.2`).
 *
 * The handle's context slot (`MiniportOffloadContext`) is the PVOID the layer below writes for the
 * object. NDIS keeps the slots (it "maps offload handles to contexts", reference §1): the layer below
 * writes through the block list's `PVOID *MiniportOffloadContext` (a {@link PVOID_POINTER}), and NDIS
 * hands the slot's content to it on every later call about the object.
 */

export interface NDIS_OFFLOAD_HANDLE {
  /** The layer that allocated (and owns) this handle: `host`, `IM1`, ... */
  readonly owner: string;
  /** The owner's number for the handle, unique within the owner: `host#3` is id 3 of `host`. */
  readonly id: number;
  /** The state object this handle stands for, for traces only (`tcp c1`, `path 10.0.0.2`). */
  readonly label: string;
}

/** A handle as a value. */
export function createOffloadHandle(owner: string, id: number, label: string): NDIS_OFFLOAD_HANDLE {
  return { owner, id, label };
}

/** `host#3`: how traces print a handle, and the key NDIS and the rulebook keep it under. */
export function handleKey(h: { readonly owner: string; readonly id: number }): string {
  return `${h.owner}#${h.id}`;
}

/** True when `h` is the handle `owner` allocated with this id (handles are compared by value). */
export function isHandle(h: NDIS_OFFLOAD_HANDLE | null | undefined, owner: string, id: number): boolean {
  return h != null && h.owner === owner && h.id === id;
}

/**
 * The PVOID a layer writes into the slot: a reference to its own context area (target) or IM offload
 * entry (intermediate driver), as a value naming its owner and the owner's id for it.
 */
export interface OffloadContext {
  readonly owner: string;
  readonly id: number;
}

/** An offload context as a value. */
export function createOffloadContext(owner: string, id: number): OffloadContext {
  return { owner, id };
}

/**
 * `PVOID *MiniportOffloadContext` of a miniport block list: the location the callee writes its context
 * into. `value` is what the slot held when the call was made (null: a new offload); the callee sets it
 * for each object it offloads, and NDIS copies it into the upper handle's slot.
 */
export interface PVOID_POINTER {
  value: OffloadContext | null;
}

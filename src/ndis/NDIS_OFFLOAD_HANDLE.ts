/**
 * `NDIS_OFFLOAD_HANDLE { PVOID NdisReserved[1]; PVOID MiniportOffloadContext; }` (reference §4.3).
 *
 * Each layer allocates one per offloaded state object, for its own binding to the layer below. The
 * layer below writes a PVOID referencing its own context into `MiniportOffloadContext` (through the
 * `PVOID *MiniportOffloadContext` of the block list) and NDIS hands that value back to it on every
 * later call. The upper layer passes the handle itself down as `NdisOffloadHandle`, and the layer
 * below passes it back up on indications.
 *
 * In C the handle is embedded in the owner's record and the owner recovers the record with
 * CONTAINING_RECORD; here `containingRecord` plays that part. Only the owning layer reads it.
 */
export class NDIS_OFFLOAD_HANDLE {
  /** What the layer below wrote into the context slot; null until it offloaded the object. */
  MiniportOffloadContext: OffloadContext | null = null;

  constructor(
    /** The layer that allocated (and owns) this handle. */
    readonly owner: string,
    /** The owner's serial number for the handle, for traces: `host#3`. */
    readonly serial: number,
    /** The state object this handle stands for, for traces only (`tcp 1`, `path 10.0.0.2`). */
    readonly label: string,
    /** CONTAINING_RECORD: the owner's record that embeds this handle. */
    readonly containingRecord: unknown,
  ) {}

  /** `*MiniportOffloadContext` as read through the block list's `PVOID *`. */
  deref(): OffloadContext | null {
    return this.MiniportOffloadContext;
  }

  /** `*MiniportOffloadContext = value`: what the layer below does for each object it offloaded. */
  assign(value: OffloadContext | null): void {
    this.MiniportOffloadContext = value;
  }

  toString(): string {
    return `${this.owner}#${this.serial}`;
  }
}

/** `PVOID *`: the location the layer below writes its context into (the upper handle's slot). */
export interface PVOID_POINTER {
  deref(): OffloadContext | null;
  assign(value: OffloadContext | null): void;
}

/**
 * The PVOID a layer writes into the slot: a reference to its own context area (target) or IM offload
 * entry (intermediate driver). It names its owner so that traces can show whose context it is.
 */
export interface OffloadContext {
  readonly owner: string;
  readonly serial: number;
}

/** Allocates a layer's handles with deterministic serial numbers. */
export class HandleAllocator {
  private next = 1;
  constructor(readonly owner: string) {}

  allocate(label: string, containingRecord: unknown): NDIS_OFFLOAD_HANDLE {
    return new NDIS_OFFLOAD_HANDLE(this.owner, this.next++, label, containingRecord);
  }

  /** The next serial number for a context area or entry (shares the counter with handles). */
  nextSerial(): number {
    return this.next++;
  }
}

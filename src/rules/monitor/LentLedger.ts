/** The monitor's ledger of lent NBLs: per binding, the receive NBLs lent to the layer above until it gives them back. */
import type { NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';

/**
 * One binding's lent NBLs (by `n<id>`): indicated with a SUCCESS result, or handed up in a terminate's
 * BufferedData, until the layer above gives them back with NdisOffloadTcpReceiveReturn. Outlives the
 * connection's offload (BufferedData comes back after the terminate).
 */
export type LentNbls = Record<number, true>;

/** The lent NBLs per binding; reads and writes `byBinding` (part of the monitor's state). */
export class LentLedger {
  constructor(private readonly byBinding: LentNbls[]) {}

  /** True when `nbl` was lent to the layer above `binding` and has not been returned. */
  isLent(binding: number, nbl: NET_BUFFER_LIST): boolean {
    return this.byBinding[binding]?.[nbl.id] === true;
  }

  /** Receive NBLs went up through `binding` and are the layer above's until it returns them (a chain, from its head). */
  lend(binding: number, head: NET_BUFFER_LIST | null | undefined): void {
    const lent = (this.byBinding[binding] ??= {});
    for (let n = head ?? null; n; n = n.Next) lent[n.id] = true;
  }

  /** NdisOffloadTcpReceiveReturn gave NBLs back through `binding`. */
  returned(binding: number, nbls: readonly NET_BUFFER_LIST[]): void {
    const lent = this.byBinding[binding];
    if (lent) for (const n of nbls) delete lent[n.id];
  }
}

/**
 * The monitor's ledger of receive indications inside an intermediate driver: per the driver's lower
 * binding, each NBL offered to it for one of its offload entries, from the moment it crosses until the
 * driver's ProtocolTcpOffloadReceiveIndicate returns (a return NDIS reports, so the rule is judged then):
 * whether the driver offered the same NBL to the layer above, and what that layer returned.
 */
import type { ReceiveIndicateCrossing, ReceiveIndicateReturnCrossing } from '../Crossing.js';
import { atBinding } from './atBinding.js';

/** A receive indication an intermediate driver (`im`) is handling. */
export interface ReceiveRelay {
  im: string;
  /** The object's label, as the driver's handle names it. */
  object: string;
  /** The driver called NdisTcpOffloadReceiveHandler with the same NBL. */
  relayed: boolean;
  /** What the layer above returned for it (ProtocolTcpOffloadReceiveIndicate's Status and *BytesConsumed), once it has. */
  upper: { Status: number; BytesConsumed: number } | null;
}

/** Per binding (the driver's lower binding, so 1 or more): the receive indications its driver is handling, by `n<NBL id>`. */
export type ReceiveRelays = Array<Record<number, ReceiveRelay>>;

/** The receive indications inside intermediate drivers; reads and writes `byBinding` (part of the monitor's state). */
export class ReceiveRelayLedger {
  constructor(private readonly byBinding: ReceiveRelays) {}

  /** The indication of `nbl` the driver above `binding` is handling, if it is one of its offload entries'. */
  handling(binding: number, nbl: number): Readonly<ReceiveRelay> | undefined {
    return this.byBinding[binding]?.[nbl];
  }

  /**
   * An NBL was offered up through `binding`: when it relays one the driver below is handling, that one
   * is relayed; when the driver above (`object` is one of its entries) must relay it, it is noted.
   */
  offered(c: ReceiveIndicateCrossing, object: string | undefined): void {
    const below = this.byBinding[c.binding + 1]?.[c.NetBufferList.id];
    if (below && below.im === c.caller) below.relayed = true;
    if (c.binding >= 1 && object !== undefined) {
      atBinding(this.byBinding, c.binding, () => ({}))[c.NetBufferList.id] = { im: c.callee, object, relayed: false, upper: null };
    }
  }

  /**
   * The handler above `binding` returned: the driver there is done with the NBL, and when it was a relay,
   * the driver below has the upper layer's result.
   */
  returned(c: ReceiveIndicateReturnCrossing): void {
    const id = c.NetBufferList.id;
    const here = this.byBinding[c.binding];
    if (here) delete here[id];
    const below = this.byBinding[c.binding + 1]?.[id];
    if (below && below.im === c.caller) below.upper = { Status: c.Status, BytesConsumed: c.BytesConsumed };
  }
}

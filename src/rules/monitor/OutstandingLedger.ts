/** The monitor's ledger of outstanding NBLs: per binding, what went down through it and has not come back up, in order. */
import type { NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';

/**
 * What an NBL going down is for: send data (NdisOffloadTcpSend, an initiate's NetBufferListChain) or a
 * disconnect (NdisOffloadTcpDisconnect), a posted receive buffer (NdisOffloadTcpReceive), or a
 * forwarded segment (NdisOffloadTcpForward). Each kind completes in its own order.
 */
export type NblKind = 'send' | 'receive' | 'forward';

/** The kind of an NBL, by its fields. */
export function nblKindOf(n: NET_BUFFER_LIST): NblKind {
  return n.ReceiveBuffer ? 'receive' : n.ForwardedSegment ? 'forward' : 'send';
}

/**
 * One binding's outstanding NBLs, per NBL kind and connection (label): the ids of the NBLs below it and
 * not yet completed or handed back — posted, or handed down in an initiate's NetBufferListChain — in the
 * order they went down. Sends and disconnects share one list (they complete in posting order); receive
 * buffers and forwarded segments each have their own, so a send is never judged against a receive post.
 */
export type OutstandingNbls = Record<NblKind, Record<string, number[]>>;

const EMPTY: readonly number[] = Object.freeze([]);

/** The outstanding NBLs per binding; reads and writes `byBinding` (part of the monitor's state). */
export class OutstandingLedger {
  constructor(private readonly byBinding: OutstandingNbls[]) {}

  /** True when `nbl` went down through `binding` and has not come back up. */
  isOutstanding(binding: number, nbl: NET_BUFFER_LIST): boolean {
    return this.byBinding[binding]?.[nblKindOf(nbl)][nbl.connection]?.includes(nbl.id) === true;
  }

  /** The ids of the NBLs of the same connection and kind that went down through `binding` before `nbl` and are still outstanding. */
  before(binding: number, nbl: NET_BUFFER_LIST): number[] {
    const list = this.byBinding[binding]?.[nblKindOf(nbl)][nbl.connection];
    const at = list ? list.indexOf(nbl.id) : -1;
    return list && at >= 0 ? list.slice(0, at) : [];
  }

  /** The ids of the NBLs of one connection and kind outstanding through `binding`, in the order they went down. */
  of(binding: number, connection: string, kind: NblKind): readonly number[] {
    return this.byBinding[binding]?.[kind][connection] ?? EMPTY;
  }

  /** NBLs went down through `binding` (a chain, from its head). */
  down(binding: number, head: NET_BUFFER_LIST | null): void {
    const byKind = (this.byBinding[binding] ??= { send: {}, receive: {}, forward: {} });
    for (let n = head; n; n = n.Next) (byKind[nblKindOf(n)][n.connection] ??= []).push(n.id);
  }

  /**
   * NBLs came back up through `binding` (completed, or handed back); a connection with none left is
   * forgotten. Returns those that were outstanding, in order (an NBL that was not moves nothing).
   */
  up(binding: number, nbls: Iterable<NET_BUFFER_LIST>): NET_BUFFER_LIST[] {
    const back: NET_BUFFER_LIST[] = [];
    const byKind = this.byBinding[binding];
    if (!byKind) return back;
    for (const n of nbls) {
      const byConnection = byKind[nblKindOf(n)];
      const list = byConnection[n.connection];
      const at = list ? list.indexOf(n.id) : -1;
      if (!list || at < 0) continue;
      list.splice(at, 1);
      if (list.length === 0) delete byConnection[n.connection];
      back.push(n);
    }
    return back;
  }
}

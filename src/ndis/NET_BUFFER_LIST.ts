/**
 * `NET_BUFFER_LIST`, as the data path needs it: an NBL is a byte range of one connection's stream
 * (no payload is modelled; bytes are counted). NBLs are chained by `Next`; whoever holds an NBL owns
 * those bytes until it completes it or hands it back (reference §3.3, §6.1, §6.2).
 */
import { NDIS_STATUS } from './NDIS_STATUS.js';

export class NET_BUFFER_LIST {
  Next: NET_BUFFER_LIST | null = null;
  /** Written by the layer that completes it. */
  Status: number = NDIS_STATUS.NDIS_STATUS_PENDING;
  /** NET_BUFFER_LIST_INFO TcpOffloadBytesTransferred: bytes sent and acknowledged (send) or filled (receive). */
  TcpOffloadBytesTransferred = 0;
  /** The protocol's own area: the host keeps a pointer to its TCB here. */
  ProtocolReserved: unknown = null;
  /** The miniport's own area: the target keeps the connection's NdisOffloadHandle here while it holds the NBL. */
  MiniportReserved: unknown = null;

  constructor(
    /** Serial number, for traces: `NBL#3`. */
    readonly id: number,
    /** The connection's label (`tcp c1`), for traces only. */
    readonly connection: string,
    /** Offset in the connection's stream of the first byte. */
    readonly DataOffset: number,
    readonly DataLength: number,
  ) {}

  /** One past the last byte. */
  get DataEnd(): number {
    return this.DataOffset + this.DataLength;
  }

  toString(): string {
    return `NBL#${this.id}[${this.DataOffset}..${this.DataEnd})`;
  }
}

/** Links NBLs by Next, in order; returns the head or null. */
export function chainNetBufferLists(nbls: readonly NET_BUFFER_LIST[]): NET_BUFFER_LIST | null {
  for (let i = 0; i < nbls.length; i++) nbls[i]!.Next = nbls[i + 1] ?? null;
  return nbls[0] ?? null;
}

/** The NBLs of a chain, in order. */
export function netBufferListsOf(head: NET_BUFFER_LIST | null): NET_BUFFER_LIST[] {
  const out: NET_BUFFER_LIST[] = [];
  for (let n = head; n; n = n.Next) out.push(n);
  return out;
}

/**
 * `NET_BUFFER_LIST`, as the data path needs it: an NBL is a byte range of one connection's stream
 * (no payload is modelled; bytes are counted). NBLs are chained by `Next`; whoever holds an NBL owns
 * those bytes until it completes it or hands it back (reference §3.3, §6.1, §6.2).
 *
 * An NBL is plain data, named by its `id` (`NBL#3`). It passes from layer to layer with the calls that
 * carry it: the layer that posts or completes an NBL keeps nothing of it (the same record goes on, as the
 * same memory does in C), so no two layers ever hold it at once.
 *
 * A posted receive buffer (reference §6.7) is an NBL of `DataLength` bytes of room whose place in the
 * peer's stream is not known when it is posted: `DataOffset` is -1 until the target puts the first
 * byte in it, and `TcpOffloadBytesTransferred` counts the bytes filled.
 */
import { NDIS_STATUS } from './NDIS_STATUS.js';
import type { Segment } from '../wire/Segment.js';

/** What a driver may keep in an NBL's reserved areas: plain data (an id, a handle value), never a reference. */
export type Reserved = string | number | boolean | null | { readonly [key: string]: Reserved } | readonly Reserved[];

export interface NET_BUFFER_LIST {
  /** Serial number, for traces: `NBL#3`. One numbering for the whole simulation (NdisAllocateNetBufferList). */
  readonly id: number;
  /** The connection's label (`tcp c1`), for traces only. */
  readonly connection: string;
  /** Offset in the connection's stream of the first byte (-1: an empty receive buffer). */
  DataOffset: number;
  readonly DataLength: number;
  /** Written by the layer that completes it. */
  Status: NDIS_STATUS;
  /** NET_BUFFER_LIST_INFO TcpOffloadBytesTransferred: bytes sent and acknowledged (send) or filled (receive). */
  TcpOffloadBytesTransferred: number;
  /** The protocol's own area: the host keeps its connection's id here. */
  ProtocolReserved: Reserved;
  /** The miniport's own area: the target keeps the connection's NdisOffloadHandle here while it holds the NBL. */
  MiniportReserved: Reserved;
  /** A posted receive buffer (NdisOffloadTcpReceive), not send data. */
  ReceiveBuffer: boolean;
  /** NET_BUFFER_LIST_INFO TcpReceiveNoPush: a non-push receive completes only when full (reference §6.7). */
  TcpReceiveNoPush: boolean;
  /** A forwarded TCP segment (NdisOffloadTcpForward): the segment this NBL carries. */
  ForwardedSegment: Segment | null;
  Next: NET_BUFFER_LIST | null;
}

/** An NBL holding stream bytes [DataOffset, DataOffset + DataLength), Status not yet written. */
export function createNetBufferList(id: number, connection: string, DataOffset: number, DataLength: number): NET_BUFFER_LIST {
  return {
    id, connection, DataOffset, DataLength, Status: NDIS_STATUS.NDIS_STATUS_PENDING, TcpOffloadBytesTransferred: 0,
    ProtocolReserved: null, MiniportReserved: null, ReceiveBuffer: false, TcpReceiveNoPush: false, ForwardedSegment: null, Next: null,
  };
}

/** One past the last byte. */
export function nblEnd(n: NET_BUFFER_LIST): number {
  return n.DataOffset + n.DataLength;
}

/** The stream range of the data it holds: the whole range, or a receive buffer's filled part. */
export function nblFilled(n: NET_BUFFER_LIST): [number, number] | null {
  if (!n.ReceiveBuffer) return n.DataLength > 0 ? [n.DataOffset, n.DataOffset + n.DataLength] : null;
  return n.TcpOffloadBytesTransferred > 0 ? [n.DataOffset, n.DataOffset + n.TcpOffloadBytesTransferred] : null;
}

/** `NBL#3[0..100)`, or for a receive buffer `NBL#4[0..20) of 100` / `NBL#4(100 bytes free)`. */
export function nblText(n: NET_BUFFER_LIST): string {
  if (!n.ReceiveBuffer) return `NBL#${n.id}[${n.DataOffset}..${n.DataOffset + n.DataLength})`;
  const r = nblFilled(n);
  return r ? `NBL#${n.id}[${r[0]}..${r[1]}) of ${n.DataLength}` : `NBL#${n.id}(${n.DataLength} bytes free)`;
}

/** Links NBLs by Next, in order; returns the head or null. */
export function chainNetBufferLists(nbls: readonly NET_BUFFER_LIST[]): NET_BUFFER_LIST | null {
  for (let i = 0; i < nbls.length; i++) {
    const n = nbls[i];
    if (n) n.Next = nbls[i + 1] ?? null;
  }
  return nbls[0] ?? null;
}

/** The NBLs of a chain, in order. */
export function netBufferListsOf(head: NET_BUFFER_LIST | null | undefined): NET_BUFFER_LIST[] {
  const out: NET_BUFFER_LIST[] = [];
  for (let n = head ?? null; n; n = n.Next) out.push(n);
  return out;
}

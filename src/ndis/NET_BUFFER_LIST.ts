/**
 * `NET_BUFFER_LIST`, as the data path needs it: an NBL is a byte range of one connection's stream
 * (no payload is modelled; bytes are counted). NBLs are chained by `Next`; whoever holds an NBL owns
 * those bytes until it completes it or hands it back (reference §3.3, §6.1, §6.2).
 *
 * A posted receive buffer (reference §6.7) is an NBL of `DataLength` bytes of room whose place in the
 * peer's stream is not known when it is posted: `DataOffset` is -1 until the target puts the first
 * byte in it, and `TcpOffloadBytesTransferred` counts the bytes filled.
 */
import { NDIS_STATUS } from './NDIS_STATUS.js';
import type { Segment } from '../wire/Segment.js';

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
  /** A posted receive buffer (NdisOffloadTcpReceive), not send data. */
  ReceiveBuffer = false;
  /** A forwarded TCP segment (NdisOffloadTcpForward): the segment this NBL carries. */
  ForwardedSegment: Segment | null = null;
  /** NET_BUFFER_LIST_INFO TcpReceiveNoPush: a non-push receive completes only when full (reference §6.7). */
  TcpReceiveNoPush = false;

  constructor(
    /** Serial number, for traces: `NBL#3`. */
    readonly id: number,
    /** The connection's label (`tcp c1`), for traces only. */
    readonly connection: string,
    /** Offset in the connection's stream of the first byte (-1: an empty receive buffer). */
    public DataOffset: number,
    readonly DataLength: number,
  ) {}

  /** One past the last byte. */
  get DataEnd(): number {
    return this.DataOffset + this.DataLength;
  }

  /** A posted receive buffer with room for `bytes` bytes (`noPush`: complete only when full). */
  static receiveBuffer(id: number, connection: string, bytes: number, noPush: boolean): NET_BUFFER_LIST {
    const n = new NET_BUFFER_LIST(id, connection, -1, bytes);
    n.ReceiveBuffer = true;
    n.TcpReceiveNoPush = noPush;
    return n;
  }

  /** The stream range of the data it holds: the whole range, or a receive buffer's filled part. */
  get filled(): [number, number] | null {
    if (!this.ReceiveBuffer) return this.DataLength > 0 ? [this.DataOffset, this.DataEnd] : null;
    return this.TcpOffloadBytesTransferred > 0 ? [this.DataOffset, this.DataOffset + this.TcpOffloadBytesTransferred] : null;
  }

  toString(): string {
    if (!this.ReceiveBuffer) return `NBL#${this.id}[${this.DataOffset}..${this.DataEnd})`;
    const r = this.filled;
    return r ? `NBL#${this.id}[${r[0]}..${r[1]}) of ${this.DataLength}` : `NBL#${this.id}(${this.DataLength} bytes free)`;
  }
}

/** Serial numbers for NBLs, shared by every layer that allocates them (so `NBL#7` names one NBL). */
export interface NblSerials {
  next: number;
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

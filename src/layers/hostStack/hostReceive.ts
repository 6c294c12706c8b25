/**
 * The host's receive path (reference §6.1, §6.2, §6.7, §6.8). The application posts receive buffers and
 * reads what the host kept for it. Offloaded: buffers are posted with NdisOffloadTcpReceive and come
 * back with NdisTcpOffloadReceiveComplete; data the target offers with NdisTcpOffloadReceiveHandler is
 * taken into the socket receive buffer as far as it has room (SUCCESS: the host keeps the NBL until the
 * application has read it, then NdisOffloadTcpReceiveReturn; OFFLOAD_DATA_PARTIALLY_ACCEPTED: it copies
 * what fits; OFFLOAD_DATA_NOT_ACCEPTED: nothing) — after a refusal, once the application has read, a
 * zero-byte receive lets the target offer again. In the host, the host's own TCP takes the peer's
 * segments in order and ACKs them. Unread data goes down with the initiate (BufferedData) and comes
 * back with the terminate; segments that came up the normal path meanwhile are forwarded
 * (NdisOffloadTcpForward) or processed by the host itself.
 */
import type { ProtocolHandlerArgs, ReceiveIndicateResult } from '../../ndis/calls.js';
import { chainNetBufferLists, nblEnd, nblFilled, nblText, type NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../ndis/stateStructures.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { Segment } from '../../wire/Segment.js';
import { fourTupleOf } from '../../wire/FourTuple.js';
import { moveTcp, sendSegment, recordOfHandle, tcbOfNbl, type HostContext } from './HostContext.js';
import { nextInOrder, queueOutOfOrder } from '../../wire/outOfOrder.js';
import { streamOf, type Tcb, type TcbStream } from './Tcb.js';

/** May the host post receives (and forward) on this connection now? Only while offloaded with no upload owed. */
function postsToTarget(t: Tcb): boolean {
  return t.offload === S.TcpConnectionOffloadStateOffloaded && t.uploadOwed === 0;
}

/** The application posts a receive buffer of `bytes` bytes (`noPush`: complete it only when full). */
export function postReceive(c: HostContext, t: Tcb, bytes: number, noPush: boolean): void {
  const s = streamOf(t);
  const nbl = receiveBufferOf(c, t, bytes, noPush);
  s.hostPosted.push(nbl);
  if (!postsToTarget(t)) {
    fillHostPosted(c, t);
    return;
  }
  // Offloaded: data the host already has fills the buffer if that completes it (and no earlier buffer is
  // still with the target, which gets the bytes first); otherwise the buffer goes to the target empty.
  if (s.postedDown === 0 && (!noPush || bufferedBytes(s) >= bytes)) fillHostPosted(c, t);
  postHostPosted(c, t, s);
}

/** A receive buffer of the application's, as an NBL of the host's. */
function receiveBufferOf(c: HostContext, t: Tcb, bytes: number, noPush: boolean): NET_BUFFER_LIST {
  const nbl = c.ndis.NdisAllocateNetBufferList(t.label, -1, bytes);
  nbl.ReceiveBuffer = true;
  nbl.TcpReceiveNoPush = noPush;
  nbl.ProtocolReserved = t.label;
  return nbl;
}

/** Offloaded: the buffers the host could not fill itself go to the target (a non-push one possibly pre-filled). */
function postHostPosted(c: HostContext, t: Tcb, s: TcbStream): void {
  const posted = s.hostPosted;
  s.hostPosted = [];
  for (const n of posted) {
    s.postedDown++;
    c.ndis.NdisOffloadTcpReceive(t.handle, n);
  }
}

/** The application reads up to `bytes` bytes (all when null) of what the host kept for it. */
export function read(c: HostContext, t: Tcb, bytes: number | null): void {
  const s = streamOf(t);
  if (s.bufferedDown) {
    if (c.report.wanted) c.report.decision(`the unread data of ${t.label} went down with the initiate: the read waits for it to complete`, t.label);
    return;
  }
  // The application reads in stream order: the unread bytes that come next, as many as it asks for.
  let want = bytes ?? Infinity;
  while (want > 0 && s.socketBuffer[0]?.from === s.appReceived) {
    const got = consume(c, s, want)!;
    deliverToApplication(s, got[0], got[1]);
    want -= got[1] - got[0];
    if (c.report.wanted) c.report.decision(`the application reads bytes [${got[0]}, ${got[1]}) of ${t.label}`, t.label);
  }
  if (s.indicationRefused && postsToTarget(t) && bufferedBytes(s) < c.s.policy.receiveBuffer) {
    // Room again: a zero-byte receive tells the target it may offer data again (reference §6.7).
    s.indicationRefused = false;
    const zero = receiveBufferOf(c, t, 0, false);
    s.postedDown++;
    c.ndis.NdisOffloadTcpReceive(t.handle, zero);
  }
}

/**
 * Takes up to `max` bytes from the front of the socket buffer, as far as they run on without a gap
 * (NBLs emptied go back to the target); returns the range taken.
 */
function consume(c: HostContext, s: TcbStream, max: number): [number, number] | null {
  let from = -1;
  let to = -1;
  const done: NET_BUFFER_LIST[] = [];
  while (max > 0 && s.socketBuffer.length > 0 && (to < 0 || s.socketBuffer[0]!.from === to)) {
    const e = s.socketBuffer[0]!;
    const take = Math.min(max, e.to - e.from);
    if (from < 0) from = e.from;
    to = e.from + take;
    e.from += take;
    max -= take;
    if (e.from === e.to) {
      s.socketBuffer.shift();
      if (e.nbl) done.push(e.nbl);
    }
  }
  returnToTarget(c, done);
  return from < 0 ? null : [from, to];
}

/** NBLs the host kept from the target go back with NdisOffloadTcpReceiveReturn (by binding handle: valid after an upload too). */
function returnToTarget(c: HostContext, nbls: NET_BUFFER_LIST[]): void {
  if (nbls.length === 0) return;
  const status = c.ndis.NdisOffloadTcpReceiveReturn(c.s.NdisBindingHandle, chainNetBufferLists(nbls)!);
  if (status !== NDIS_STATUS.NDIS_STATUS_SUCCESS && c.report.wanted) {
    c.report.decision(`NdisOffloadTcpReceiveReturn returned ${NdisStatusEnum.format(status)}, not NDIS_STATUS_SUCCESS`);
  }
}

/**
 * The application gets bytes [from, to). The next bytes of the stream are delivered; bytes further on
 * (a buffer the target filled while earlier bytes it offered still wait unread in the host) wait until
 * the bytes before them are delivered; bytes already delivered count as misdelivered.
 */
function deliverToApplication(s: TcbStream, from: number, to: number): void {
  if (to <= from) return;
  if (from < s.appReceived) {
    s.appMisdelivered += to - from;
    return;
  }
  if (from > s.appReceived) {
    s.appWaiting = [...s.appWaiting, [from, to] as [number, number]].sort((a, b) => a[0] - b[0]);
    return;
  }
  s.appReceived = to;
  while (s.appWaiting.length > 0 && s.appWaiting[0]![0] === s.appReceived) s.appReceived = s.appWaiting.shift()![1];
}

function bufferedBytes(s: TcbStream): number {
  let n = 0;
  for (const e of s.socketBuffer) n += e.to - e.from;
  return n;
}

/** Fills the application's buffers from the socket buffer; a push buffer completes with any data, a non-push one when full. */
function fillHostPosted(c: HostContext, t: Tcb): void {
  const s = streamOf(t);
  if (s.bufferedDown) return; // the unread data went down with the initiate in flight
  while (s.hostPosted.length > 0 && s.socketBuffer.length > 0) {
    const n = s.hostPosted[0]!;
    const room = n.DataLength - n.TcpOffloadBytesTransferred;
    const got = consume(c, s, room);
    if (!got) break;
    if (n.DataOffset < 0) n.DataOffset = got[0];
    n.TcpOffloadBytesTransferred += got[1] - got[0];
    if (n.TcpOffloadBytesTransferred < n.DataLength && n.TcpReceiveNoPush) break;
    s.hostPosted.shift();
    const filled = nblFilled(n)!;
    deliverToApplication(s, filled[0], filled[1]);
    if (c.report.wanted) c.report.decision(`fills the application's ${nblText(n)} itself`, t.label);
  }
}

/**
 * In the host: a data (or FIN) segment from the peer. In order it is taken and ACKed (a FIN closes the
 * receive half); ahead of RCV.NXT it waits for the bytes before it; already received: dropped.
 */
export function dataInHost(c: HostContext, t: Tcb, segment: Segment): void {
  const s = streamOf(t);
  if (segment.seq > s.rcvNxt) {
    queueOutOfOrder(s.outOfOrder, segment);
    return;
  }
  if (segment.seq < s.rcvNxt) {
    if (c.report.wanted) c.report.decision(`drops seq ${segment.seq} len ${segment.len}: RCV.NXT is ${s.rcvNxt}`, t.label);
    return;
  }
  for (let next: Segment | undefined = segment; next; next = nextInOrder(s.outOfOrder, s.rcvNxt)) {
    if (next.len > 0) {
      s.rcvNxt += next.len;
      if (!t.aborted) s.socketBuffer.push({ from: next.seq, to: s.rcvNxt, nbl: null });
    }
    if (next.fin) moveTcp(c, t, { type: 'TcpIndicateDisconnect' });
  }
  if (segment.len > 0) sendSegment(c, { connection: fourTupleOf(t), seq: s.sndNxt, len: 0, ack: s.rcvNxt });
  fillHostPosted(c, t);
}

/** ProtocolTcpOffloadReceiveComplete: the filled bytes reach the application; a buffer the target gave back unfilled is the host's to fill. */
export function receiveComplete(c: HostContext, head: NET_BUFFER_LIST): void {
  for (let n: NET_BUFFER_LIST | null = head, next; n; n = next) {
    next = n.Next;
    n.Next = null;
    const t = tcbOfNbl(c.s, n);
    if (!t) continue;
    const s = streamOf(t);
    s.postedDown = Math.max(0, s.postedDown - 1);
    const r = nblFilled(n);
    if (r) deliverToApplication(s, r[0], r[1]);
    if (n.DataLength === 0) continue; // the host's own zero-byte receive
    if (n.Status === NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS && !r) {
      s.hostPosted = [...s.hostPosted, n].sort((a, b) => a.id - b.id);
      if (c.report.wanted) c.report.decision(`takes ${nblText(n)} back (NDIS_STATUS_UPLOAD_IN_PROGRESS): it fills it itself`, t.label);
    } else if (n.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS && c.report.wanted) {
      const why = n.Status === NDIS_STATUS.NDIS_STATUS_INVALID_STATE ? ': the peer has closed its send half' : '';
      c.report.decision(`${nblText(n)} came back ${NdisStatusEnum.format(n.Status)}${why}`, t.label);
    }
  }
}

/** ProtocolTcpOffloadReceiveIndicate: take as much as the socket receive buffer has room for. */
export function receiveIndicate(c: HostContext, event: ProtocolHandlerArgs['ProtocolTcpOffloadReceiveIndicate']): ReceiveIndicateResult {
  const t = recordOfHandle(c.s, event.OffloadContext);
  if (t?.kind !== 'Tcp') return { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, BytesConsumed: 0 };
  const s = streamOf(t);
  const n = event.NetBufferList;
  const room = Math.max(0, c.s.policy.receiveBuffer - bufferedBytes(s));
  const take = Math.min(room, n.DataLength);
  let Status: number;
  if (take === n.DataLength) {
    Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    n.Next = null;
    s.socketBuffer.push({ from: n.DataOffset, to: nblEnd(n), nbl: n });
  } else {
    Status = take > 0 ? NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED : NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED;
    if (take > 0) s.socketBuffer.push({ from: n.DataOffset, to: n.DataOffset + take, nbl: null });
    s.indicationRefused = true;
  }
  if (c.report.wanted) {
    c.report.decision(`takes ${take} of ${n.DataLength} offered bytes (room for ${room} in its receive buffer)`, t.label);
  }
  return { Status, BytesConsumed: take };
}

/** Initiate: the unread data goes down as BufferedData (the host's own NBLs), with RcvNxt. */
export function receiveStateForInitiate(c: HostContext, t: Tcb, Delegated: TCP_OFFLOAD_STATE_DELEGATED): void {
  const s = t.stream;
  if (!s) return;
  Delegated.RcvNxt = s.rcvNxt;
  if (s.socketBuffer.length === 0) return;
  const buffered = s.socketBuffer.map((e) => c.ndis.NdisAllocateNetBufferList(t.label, e.from, e.to - e.from));
  s.bufferedDown = buffered.map((n) => n.id);
  Delegated.BufferedData = chainNetBufferLists(buffered);
}

/**
 * The initiate completed. Offloaded: the target has the unread data now, so the host frees its copy
 * (giving back NBLs it kept); the application's buffers are posted; segments held meanwhile are
 * forwarded. Not offloaded: everything stays with the host.
 */
export function receiveAfterInitiate(c: HostContext, t: Tcb, offloaded: boolean): void {
  const s = t.stream;
  if (!s) return;
  const down = s.bufferedDown;
  s.bufferedDown = null;
  if (!offloaded) {
    fillHostPosted(c, t);
    return;
  }
  if (down) {
    const kept = s.socketBuffer.flatMap((e) => (e.nbl ? [e.nbl] : []));
    s.socketBuffer = [];
    returnToTarget(c, kept);
  }
  if (!postsToTarget(t)) return;
  postHostPosted(c, t, s);
  // Segments the host had kept ahead of RCV.NXT were never acknowledged: the target gets them (reference §6.8).
  for (const segment of s.outOfOrder.splice(0)) forward(c, t, segment);
}

/** The terminate completed: RcvNxt comes back, and the data the target still buffered (kept until read). */
export function receiveAfterTerminate(c: HostContext, t: Tcb, returned: TCP_OFFLOAD_STATE_DELEGATED | null): void {
  if (!returned) return;
  const buffered = returned.BufferedData ?? null;
  if (!t.stream && !buffered && !returned.RcvNxt) return; // a connection that never received data
  const s = streamOf(t);
  s.rcvNxt = returned.RcvNxt;
  if (buffered) {
    if (t.aborted) returnToTarget(c, [buffered]); // reset: the data is dropped, the NBL given back
    else s.socketBuffer.push({ from: buffered.DataOffset, to: nblEnd(buffered), nbl: buffered });
  }
  fillHostPosted(c, t);
}

/** Offloaded: a segment that came up the normal path goes down with NdisOffloadTcpForward (reference §6.8). */
export function forward(c: HostContext, t: Tcb, segment: Segment): void {
  const nbl = c.ndis.NdisAllocateNetBufferList(t.label, segment.seq, segment.len);
  nbl.ForwardedSegment = segment;
  nbl.ProtocolReserved = t.label;
  c.ndis.NdisOffloadTcpForward(t.handle, nbl);
}

/** ProtocolTcpOffloadForwardComplete: SUCCESS = processed; UPLOAD_IN_PROGRESS = the host processes it after the upload; REQUEST_ABORTED = dropped. */
export function forwardComplete(c: HostContext, head: NET_BUFFER_LIST, hold: (t: Tcb, segment: Segment) => void): void {
  for (let n: NET_BUFFER_LIST | null = head, next; n; n = next) {
    next = n.Next;
    n.Next = null;
    const t = tcbOfNbl(c.s, n);
    if (!t || n.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS || !n.ForwardedSegment) continue;
    if (n.Status === NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED) {
      if (c.report.wanted) c.report.decision(`drops the forwarded ${nblText(n)}: the connection was reset`, t.label);
      continue;
    }
    hold(t, n.ForwardedSegment);
  }
}

/** Receive data held by the host: unread bytes, the filled part of its own buffers, and held segments' data. */
export function hostReceiveHoldings(s: TcbStream): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const e of s.socketBuffer) if (e.to > e.from) out.push([e.from, e.to]);
  for (const n of s.hostPosted) {
    const filled = nblFilled(n);
    if (filled) out.push(filled);
  }
  for (const g of [...s.heldSegments, ...s.outOfOrder]) if (g.len > 0) out.push([g.seq, g.seq + g.len]);
  out.push(...s.appWaiting);
  return out;
}

/**
 * The host's socket receive buffer: received bytes the application has not read, in stream order. Bytes
 * are taken from its front as far as they run on without a gap; the target's NBLs the host kept are
 * given back once emptied (NdisOffloadTcpReceiveReturn); delivery to the application is in order.
 */
import { chainNetBufferLists, type NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../../ndis/NDIS_STATUS.js';
import type { HostContext } from '../HostContext.js';
import type { TcbStream } from '../tcp/TcbStream.js';

/**
 * Takes up to `max` bytes from the front of the socket buffer, as far as they run on without a gap
 * (NBLs emptied go back to the target); returns the range taken.
 */
export function consume(c: HostContext, s: TcbStream, max: number): [number, number] | null {
  let from = -1;
  let to = -1;
  const done: NET_BUFFER_LIST[] = [];
  for (let e = s.socketBuffer[0]; max > 0 && e && (to < 0 || e.from === to); e = s.socketBuffer[0]) {
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
export function returnToTarget(c: HostContext, nbls: NET_BUFFER_LIST[]): void {
  const head = chainNetBufferLists(nbls);
  if (!head) return;
  const status = c.ndis.NdisOffloadTcpReceiveReturn(c.s.NdisBindingHandle, head);
  if (status !== NDIS_STATUS.NDIS_STATUS_SUCCESS && c.report.wanted) {
    c.report.decision(`NdisOffloadTcpReceiveReturn returned ${NdisStatusEnum.format(status)}, not NDIS_STATUS_SUCCESS`);
  }
}

/**
 * The application gets bytes [from, to). The next bytes of the stream are delivered; bytes further on
 * (a buffer the target filled while earlier bytes it offered still wait unread in the host) wait until
 * the bytes before them are delivered; bytes already delivered count as misdelivered.
 */
export function deliverToApplication(s: TcbStream, from: number, to: number): void {
  if (to <= from) return;
  if (from < s.appReceived) {
    s.appMisdelivered += to - from;
    return;
  }
  if (from > s.appReceived) {
    const range: [number, number] = [from, to];
    s.appWaiting = [...s.appWaiting, range].sort((a, b) => a[0] - b[0]);
    return;
  }
  s.appReceived = to;
  for (let w = s.appWaiting[0]; w && w[0] === s.appReceived; w = s.appWaiting[0]) {
    s.appWaiting.shift();
    s.appReceived = w[1];
  }
}

/** Bytes in the socket buffer: received, not yet read. */
export function bufferedBytes(s: TcbStream): number {
  let n = 0;
  for (const e of s.socketBuffer) n += e.to - e.from;
  return n;
}

/**
 * The application posts receive buffers (reference §6.7). The host fills them itself from the socket
 * buffer when it can (a push buffer with any data, a non-push one when full); offloaded, the rest go to
 * the target with NdisOffloadTcpReceive and come back with ProtocolTcpOffloadReceiveComplete.
 */
import { nblFilled, nblText, type NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import { windowUpdateInHost } from '../tcp/receiveWindow.js';
import { postsToTarget } from '../decisions/postsToTarget.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from '../tcp/Tcb.js';
import { streamOf, type TcbStream } from '../tcp/TcbStream.js';
import { bufferedBytes, consume, deliverToApplication } from './socketBuffer.js';

/** The application posts a receive buffer of `bytes` bytes (`noPush`: complete it only when full). */
export function postReceive(c: HostContext, t: Tcb, bytes: number, noPush: boolean): void {
  const s = streamOf(t);
  const nbl = receiveBufferOf(c, t, bytes, noPush);
  s.hostPosted.push(nbl);
  if (!postsToTarget(t)) {
    fillHostPosted(c, t);
    windowUpdateInHost(c, t); // in the host: the bytes the buffer took may open the window
    return;
  }
  // Offloaded: data the host already has goes into the buffer first (unless an earlier buffer is still
  // with the target, which gets the bytes first): a push buffer completes with it, a non-push one that it
  // does not fill goes to the target pre-filled, for the target's bytes to run on after the host's. (An
  // empty buffer would take the target's later bytes ahead of the ones the host holds.)
  if (s.postedDown === 0 && bufferedBytes(s) > 0) fillHostPosted(c, t);
  postHostPosted(c, t, s);
}

/** A receive buffer of the application's, as an NBL of the host's. */
export function receiveBufferOf(c: HostContext, t: Tcb, bytes: number, noPush: boolean): NET_BUFFER_LIST {
  const nbl = c.ndis.NdisAllocateNetBufferList(t.label, -1, bytes);
  nbl.ReceiveBuffer = true;
  nbl.TcpReceiveNoPush = noPush;
  nbl.ProtocolReserved = t.label;
  return nbl;
}

/** Offloaded: the buffers the host could not fill itself go to the target (a non-push one possibly pre-filled). */
export function postHostPosted(c: HostContext, t: Tcb, s: TcbStream): void {
  const posted = s.hostPosted;
  s.hostPosted = [];
  for (const n of posted) {
    s.postedDown++;
    c.ndis.NdisOffloadTcpReceive(t.handle, n);
  }
}

/**
 * Fills the application's buffers from the socket buffer; a push buffer completes with any data, a
 * non-push one when full. Buffers are filled in posting order: while an earlier one is still with the
 * target (an upload in flight gives it back, possibly empty: NDIS_STATUS_UPLOAD_IN_PROGRESS), later
 * ones wait for it, so that the bytes the host holds go into the earliest buffer.
 */
export function fillHostPosted(c: HostContext, t: Tcb): void {
  const s = streamOf(t);
  if (s.bufferedDown) return; // the unread data went down with the initiate in flight
  if (s.postedDown > 0) return; // an earlier buffer is still with the target: it gets the next bytes first
  for (let n = s.hostPosted[0]; n && s.socketBuffer.length > 0; n = s.hostPosted[0]) {
    if (n.DataOffset >= 0 && n.TcpOffloadBytesTransferred > 0 && n.DataOffset + n.TcpOffloadBytesTransferred !== s.socketBuffer[0]!.from) {
      // Partly filled, and the next unread bytes do not run on from it (the bytes between went to the
      // application in a buffer the target filled): it completes as it is, its bytes in one range.
      s.hostPosted.shift();
      const filled = nblFilled(n);
      if (filled) deliverToApplication(s, filled[0], filled[1]);
      continue;
    }
    const room = n.DataLength - n.TcpOffloadBytesTransferred;
    const got = consume(c, s, room);
    if (!got) break;
    if (n.DataOffset < 0) n.DataOffset = got[0];
    n.TcpOffloadBytesTransferred += got[1] - got[0];
    if (n.TcpOffloadBytesTransferred < n.DataLength && n.TcpReceiveNoPush) break;
    s.hostPosted.shift();
    const filled = nblFilled(n);
    if (filled) deliverToApplication(s, filled[0], filled[1]);
    if (c.report.wanted) c.report.decision(`fills the application's ${nblText(n)} itself`, t.label);
  }
}

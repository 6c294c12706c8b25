/**
 * The application reads what the host kept for it, in stream order (reference §6.7). Once it has made
 * room after the host refused offered data, a zero-byte receive tells the target it may offer again.
 */
import { postsToTarget } from '../decisions/postsToTarget.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from '../tcp/Tcb.js';
import { streamOf } from '../tcp/TcbStream.js';
import { receiveBufferOf } from './postReceive.js';
import { windowUpdateInHost } from '../tcp/receiveWindow.js';
import { bufferedBytes, consume, deliverToApplication } from './socketBuffer.js';

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
    const got = consume(c, s, want);
    if (!got) break;
    deliverToApplication(s, got[0], got[1]);
    want -= got[1] - got[0];
    if (c.report.wanted) c.report.decision(`the application reads bytes [${got[0]}, ${got[1]}) of ${t.label}`, t.label);
  }
  windowUpdateInHost(c, t); // in the host: the room made may open the window
  if (s.indicationRefused && postsToTarget(t) && bufferedBytes(s) < c.s.policy.receiveBuffer) {
    // Room again: a zero-byte receive tells the target it may offer data again (reference §6.7).
    s.indicationRefused = false;
    const zero = receiveBufferOf(c, t, 0, false);
    s.postedDown++;
    c.ndis.NdisOffloadTcpReceive(t.handle, zero);
  }
}

/**
 * The receive side of an offload and an upload (reference §6.1, §6.2, §6.8): unread data goes down with
 * the initiate as BufferedData (with RcvNxt) and the host frees its copy once the initiate succeeds;
 * the terminate brings RcvNxt back with the data the target still buffered.
 */
import { chainNetBufferLists, nblEnd } from '../../../ndis/NET_BUFFER_LIST.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../ndis/stateStructures.js';
import { postsToTarget } from '../decisions/postsToTarget.js';
import type { HostContext } from '../HostContext.js';
import { fillHostPosted, postHostPosted } from '../socket/postReceive.js';
import { returnToTarget } from '../socket/socketBuffer.js';
import type { Tcb } from '../tcp/Tcb.js';
import { streamOf } from '../tcp/TcbStream.js';
import { forward } from './forward.js';

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

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
import { windowUpdateInHost } from '../tcp/receiveWindow.js';
import type { Tcb } from '../tcp/Tcb.js';
import { streamOf, type SocketBufferEntry } from '../tcp/TcbStream.js';
import { forward } from './forward.js';

/**
 * Initiate: the unread data goes down as BufferedData (the host's own NBLs), with RcvNxt. BufferedData
 * is "the bytes just before RcvNxt" (§6.1), and the target delivers from its first byte on: unread
 * bytes that do not run on to RcvNxt (later bytes already reached the application, in a buffer the
 * target filled while these waited unread in the host) cannot go down, so the host keeps them all and
 * the application reads them from the host, as it reads data it took from a receive indication.
 */
export function receiveStateForInitiate(c: HostContext, t: Tcb, Delegated: TCP_OFFLOAD_STATE_DELEGATED): void {
  const s = t.stream;
  if (!s) return;
  Delegated.RcvNxt = s.rcvNxt;
  if (s.socketBuffer.length === 0) return;
  if (!runsOnTo(s.socketBuffer, s.rcvNxt)) {
    if (c.report.wanted) c.report.decision(`keeps the unread data of ${t.label}: it does not run on to RcvNxt ${s.rcvNxt}, so it is no BufferedData`, t.label);
    return;
  }
  const buffered = s.socketBuffer.map((e) => c.ndis.NdisAllocateNetBufferList(t.label, e.from, e.to - e.from));
  s.bufferedDown = buffered.map((n) => n.id);
  Delegated.BufferedData = chainNetBufferLists(buffered);
}

/** Whether the unread entries follow each other without a gap and the last one ends at `rcvNxt`. */
function runsOnTo(entries: readonly SocketBufferEntry[], rcvNxt: number): boolean {
  for (let i = 1; i < entries.length; i++) if (entries[i]!.from !== entries[i - 1]!.to) return false;
  return entries[entries.length - 1]!.to === rcvNxt;
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
    windowUpdateInHost(c, t); // the buffers took unread data: the room made may open the window
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

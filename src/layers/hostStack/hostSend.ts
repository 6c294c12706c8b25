/**
 * The host's send path (reference §6.1, §6.2, §6.6): the application's bytes become send NBLs. An
 * offloaded connection's sends are posted with NdisOffloadTcpSend; in the host, the host's own TCP
 * transmits them on the wire and takes the peer's ACKs; outstanding send data goes down with the TCP
 * block on initiate and comes back on terminate, in stream order, with SND.NXT.
 */
import { nblEnd, nblText, type NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCPSTATE } from '../../ndis/TCPSTATE.js';
import { fourTupleOf } from '../../wire/FourTuple.js';
import type { Segment } from '../../wire/Segment.js';
import { moveTcp, sendSegment, tcbOf, tcbOfNbl, type HostContext } from './HostContext.js';
import { streamOf, type Tcb } from './Tcb.js';
import { closeOwed, finAckedInHost } from './hostDisconnect.js';
import { dataInHost, forward, receiveAfterInitiate, receiveAfterTerminate } from './hostReceive.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../ndis/stateStructures.js';

const byOffset = (a: NET_BUFFER_LIST, b: NET_BUFFER_LIST) => a.DataOffset - b.DataOffset;

/** RFC 793 states in which this side may still send data (its FIN not yet sent). */
const SENDING_STATES = new Set<number>([TCPSTATE.TCPSTATE_ESTABLISHED, TCPSTATE.TCPSTATE_CLOSE_WAIT, TCPSTATE.TCPSTATE_SYN_RCVD]);

/** May the host post sends on this connection now? Not while offloading or uploading, nor once it owes an upload. */
function postsSends(t: Tcb): boolean {
  return t.offload === S.TcpConnectionOffloadStateOffloaded && t.uploadOwed === 0;
}

/** The application writes `bytes` bytes. */
export function send(c: HostContext, t: Tcb, bytes: number): void {
  const s = streamOf(t);
  const nbl = c.ndis.NdisAllocateNetBufferList(t.label, s.appBytes, bytes);
  nbl.ProtocolReserved = t.label;
  s.appBytes += bytes;
  if (t.aborted || s.closeOwed !== 0 || !SENDING_STATES.has(t.tcp)) {
    // A write to a reset or closed send half fails: those bytes go nowhere, and are counted as discarded.
    s.discarded.push([nbl.DataOffset, nblEnd(nbl)]);
    return;
  }
  if (postsSends(t)) post(c, t, nbl);
  else {
    s.sendQueue = [...s.sendQueue, nbl];
    transmitInHost(c, t);
  }
}

/** In the host: the host's own TCP transmits every queued byte not yet sent (the wire loses nothing). */
export function transmitInHost(c: HostContext, t: Tcb): void {
  const s = t.stream;
  if (!s || t.offload !== S.TcpConnectionOffloadStateInHost) return;
  for (const n of s.sendQueue) {
    if (nblEnd(n) <= s.sndNxt) continue;
    const seq = Math.max(n.DataOffset, s.sndNxt);
    sendSegment(c, { connection: fourTupleOf(t), seq, len: nblEnd(n) - seq, ack: 0 });
    s.sndNxt = nblEnd(n);
  }
}

/** In the host: an ACK from the peer frees the NBLs it covers completely. */
function ackInHost(t: Tcb, ack: number): void {
  const s = t.stream;
  if (!s) return;
  let done = 0;
  while (done < s.sendQueue.length && nblEnd(s.sendQueue[done]!) <= ack) s.ackedBytes += s.sendQueue[done++]!.DataLength;
  if (done > 0) s.sendQueue = done === s.sendQueue.length ? [] : s.sendQueue.slice(done);
}

/**
 * ProtocolReceiveNetBufferLists: a segment on the normal path. In the host it is processed at once;
 * while the connection is being offloaded or uploaded the host keeps it and processes it afterwards.
 */
export function receiveInHost(c: HostContext, segment: Segment): void {
  const t = tcbOf(c.s, segment.connection);
  if (!t) return;
  if (t.offload === S.TcpConnectionOffloadStateOffloaded && t.uploadOwed === 0) {
    forward(c, t, segment); // the target owns the connection: it gets the segment (reference §6.8)
    return;
  }
  if (t.offload !== S.TcpConnectionOffloadStateInHost) {
    hold(t, segment);
    return;
  }
  if (segment.rst) {
    // The peer reset the connection: the TCB is closed; unacknowledged and unread bytes are dropped.
    if (segment.seq !== (t.stream?.rcvNxt ?? 0) || t.aborted) return; // out of window
    t.aborted = true;
    moveTcp(c, t, { type: 'TcpIndicateAbort' });
    discardQueue(t);
    return;
  }
  if (segment.ack !== null) {
    ackInHost(t, segment.ack);
    finAckedInHost(c, t, segment.ack);
  }
  if (segment.len > 0 || segment.fin) dataInHost(c, t, segment);
  transmitInHost(c, t);
}

/** A segment the host processes after the offload or upload in flight completes. */
export function hold(t: Tcb, segment: Segment): void {
  const s = streamOf(t);
  s.heldSegments = [...s.heldSegments, segment];
}

/** After a reset: what the host still holds will never be delivered. */
export function discardQueue(t: Tcb): void {
  const s = t.stream;
  if (!s) return;
  for (const n of s.sendQueue) s.discarded.push([n.DataOffset, nblEnd(n)]);
  s.sendQueue = [];
}

/** The offload or upload completed: the segments held meanwhile are processed now (in the host) or forwarded (offloaded). */
function processHeldSegments(c: HostContext, t: Tcb): void {
  const s = t.stream;
  if (!s) return;
  const held = s.heldSegments;
  s.heldSegments = [];
  for (const segment of held) receiveInHost(c, segment);
  transmitInHost(c, t);
}

function post(c: HostContext, t: Tcb, nbl: NET_BUFFER_LIST): void {
  nbl.Next = null;
  const status = c.ndis.NdisOffloadTcpSend(t.handle, nbl);
  if (status !== NDIS_STATUS.NDIS_STATUS_PENDING && c.report.wanted) {
    c.report.decision(`NdisOffloadTcpSend returned ${NdisStatusEnum.format(status)}, not NDIS_STATUS_PENDING`, t.label);
  }
}

/** Initiate: the host's queued send data goes down with the TCP block (the host remembers which NBLs went). */
export function sendChainForInitiate(t: Tcb): readonly NET_BUFFER_LIST[] {
  const s = t.stream;
  if (!s) return [];
  s.sendChainDown = s.sendQueue.length > 0 ? s.sendQueue.map((n) => n.id) : null;
  return s.sendChainDown ? s.sendQueue : [];
}

/** The initiate completed: on success the target owns what went down, and the host posts what came since. */
export function afterInitiate(c: HostContext, t: Tcb, offloaded: boolean): void {
  const s = t.stream;
  if (!s) return;
  const down = s.sendChainDown;
  s.sendChainDown = null;
  receiveAfterInitiate(c, t, offloaded);
  if (!offloaded) {
    // On failure the host keeps ownership of every NBL (the target must not touch them), and sends itself.
    transmitInHost(c, t);
    processHeldSegments(c, t);
    closeOwed(c, t);
    return;
  }
  if (down) s.sendQueue = s.sendQueue.filter((n) => !down.includes(n.id));
  if (!postsSends(t)) return;
  const later = s.sendQueue;
  s.sendQueue = [];
  for (const nbl of later) post(c, t, nbl);
  processHeldSegments(c, t);
  closeOwed(c, t);
}

/** The terminate completed: the send data handed back joins what the host kept, in stream order; SND.NXT comes back too. */
export function afterTerminate(c: HostContext, t: Tcb, returned: NET_BUFFER_LIST[], state: TCP_OFFLOAD_STATE_DELEGATED | null): void {
  receiveAfterTerminate(c, t, state);
  const SndNxt = state?.SndNxt;
  if (!t.stream && returned.length === 0 && !SndNxt) return; // a connection that never carried data
  const s = streamOf(t);
  for (const n of returned) n.Next = null;
  if (returned.length > 0) s.sendQueue = [...returned, ...s.sendQueue].sort(byOffset);
  if (SndNxt !== undefined) s.sndNxt = SndNxt;
  if (t.aborted) discardQueue(t);
  if (s.finSeq >= 0 && s.sndNxt <= s.finSeq) {
    // The close was asked for but the target never sent the FIN: the host's own TCP sends it now.
    transmitInHost(c, t);
    sendSegment(c, { connection: fourTupleOf(t), seq: s.finSeq, len: 0, ack: 0, fin: true });
    s.sndNxt = s.finSeq + 1;
  }
  processHeldSegments(c, t);
  closeOwed(c, t);
}

/** ProtocolTcpOffloadSendComplete: SUCCESS = acknowledged; UPLOAD_IN_PROGRESS = the host sends it itself; REQUEST_ABORTED = dropped. */
export function sendComplete(c: HostContext, head: NET_BUFFER_LIST): void {
  for (let n: NET_BUFFER_LIST | null = head, next; n; n = next) {
    next = n.Next;
    n.Next = null;
    const t = tcbOfNbl(c.s, n);
    if (!t) continue;
    const s = streamOf(t);
    // It was handed down with an initiate whose completion has not come back yet (the target may complete
    // it first, e.g. after an RST): the host lists it no longer, and the initiate's completion will not either.
    const id = n.id;
    if (s.sendChainDown?.includes(id)) {
      s.sendQueue = s.sendQueue.filter((x) => x.id !== id);
      s.sendChainDown = s.sendChainDown.filter((x) => x !== id);
    }
    if (n.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) {
      s.ackedBytes += n.DataLength;
    } else if (n.Status === NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED) {
      if (n.DataLength > 0) s.discarded.push([n.DataOffset, nblEnd(n)]);
    } else {
      s.sendQueue = [...s.sendQueue, n].sort(byOffset);
      if (c.report.wanted) c.report.decision(`takes ${nblText(n)} back (${NdisStatusEnum.format(n.Status)}): it will send those bytes itself`, t.label);
    }
  }
}

/**
 * A segment from the peer on the normal path (what ProtocolReceiveNetBufferLists brings up): offloaded,
 * the target gets it (forwarded); while an offload or upload is in flight the host holds it and
 * processes it once that completes; in the host its own TCP takes the RST, the ACK and the data.
 */
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { Segment } from '../../../wire/Segment.js';
import { postsToTarget } from '../decisions/postsToTarget.js';
import { forward } from '../handover/forward.js';
import type { HostContext } from '../HostContext.js';
import { tcbOf } from '../lookup.js';
import { finAckedInHost } from './closeInHost.js';
import { dataInHost } from './dataInHost.js';
import { discardQueue } from './discardQueue.js';
import { moveTcp } from './moveTcp.js';
import type { Tcb } from './Tcb.js';
import { resetInTimeWait } from './timeWait.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { streamOf } from './TcbStream.js';
import { ackInHost, transmitInHost } from './transmitInHost.js';
import { retransmitAckedInHost } from './retransmit.js';
import { windowFromPeer } from './sendWindow.js';

/**
 * A segment on the normal path. In the host it is processed at once; while the connection is being
 * offloaded or uploaded the host keeps it and processes it afterwards.
 */
export function receiveSegment(c: HostContext, segment: Segment): void {
  const t = tcbOf(c.s, segment.connection);
  if (!t) return;
  if (t.deleted) {
    if (c.report.wanted) c.report.decision(`drops a segment for ${t.label}: its TCB was deleted`, t.label);
    return;
  }
  if (postsToTarget(t)) {
    forward(c, t, segment); // the target owns the connection: it gets the segment (reference §6.8)
    return;
  }
  if (t.offload !== S.TcpConnectionOffloadStateInHost) {
    hold(t, segment);
    return;
  }
  if (segment.rst) {
    // The peer reset the connection: the TCB is closed; unacknowledged and unread bytes are dropped.
    if (segment.seq !== (t.stream?.rcvNxt ?? 0) || t.aborted || t.deleted) return; // out of window
    if (t.tcp === TCPSTATE.TCPSTATE_TIME_WAIT) {
      resetInTimeWait(c, t);
      return;
    }
    t.aborted = true;
    moveTcp(c, t, { type: 'TcpIndicateAbort' });
    discardQueue(t);
    return;
  }
  if (t.aborted) {
    // Reset (or given up): RFC 793's ABORT deletes the TCB, so nothing more is taken or acknowledged.
    if (c.report.wanted) c.report.decision(`drops a segment for ${t.label}: the connection was reset`, t.label);
    return;
  }
  if (segment.ack !== null) {
    windowFromPeer(streamOf(t), segment);
    ackInHost(t, segment.ack);
    retransmitAckedInHost(c, t, segment.ack);
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

/** The offload or upload completed: the segments held meanwhile are processed now (in the host) or forwarded (offloaded). */
export function processHeldSegments(c: HostContext, t: Tcb): void {
  const s = t.stream;
  if (!s) return;
  const held = s.heldSegments;
  s.heldSegments = [];
  for (const segment of held) receiveSegment(c, segment);
  transmitInHost(c, t);
}

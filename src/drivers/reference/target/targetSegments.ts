/**
 * Segments from the wire, as the NIC sees them (reference §6.2, §6.9, §6.12): an offloaded connection's
 * segment is the target's to process — an acceptable RST aborts it, an ACK completes sends, data goes
 * to the receive side, a FIN closes the receive half; anything else (not offloaded, or being
 * uploaded) goes up the normal receive path.
 */
import type { Segment } from '../../../wire/Segment.js';
import { findConnection, type TargetCall } from './TargetCall.js';
import { receiveData } from './receiveData.js';
import { receiveAck, transmitQueued } from './targetSend.js';
import { armFinWait2 } from './targetRetransmit.js';
import { peerAlive } from './targetKeepAlive.js';
import { windowFromPeerAtTarget } from './persistTimer.js';
import { indicateAbort } from './targetIndications.js';
import { delegatedOf, hasFlag, isTerminating, TargetFlags, type TargetObject } from './TargetState.js';

/** The NIC received a segment from the wire. */
export function receiveSegment(c: TargetCall, s: Segment): void {
  const o = findConnection(c.s, s.connection);
  if (!o || isTerminating(o)) c.ndis.NdisMIndicateReceiveNetBufferLists(c.s.NdisMiniportHandle, { segment: s });
  else processSegment(c, o, s);
}

/** An offloaded connection's segment, from the wire or forwarded by the host. */
export function processSegment(c: TargetCall, o: TargetObject, s: Segment): void {
  if (hasFlag(o, TargetFlags.Aborted)) return; // a reset connection: processing stopped (reference §6.9)
  if (o.keepAliveDue !== undefined && !s.rst) peerAlive(c, o); // the peer is alive: the keepalive timer starts over
  if (s.rst) {
    // Reference §6.12: an acceptable RST (seq = RcvNxt) aborts; one outside the window is dropped silently.
    if (s.seq === delegatedOf(o).RcvNxt) indicateAbort(c, o);
    return;
  }
  if (s.ack !== null) {
    windowFromPeerAtTarget(o, s); // the peer's window first: the ACK may open it
    receiveAck(c, o, s.ack); // also after asking for an upload: the sends it covers complete
    transmitQueued(c, o);
  }
  if (s.len > 0 || s.fin) receiveData(c, o, s);
  if (s.len > 0 && o.retransmitDue !== undefined) armFinWait2(c, o); // an acceptable segment restarts the FIN_WAIT_2 timer
}

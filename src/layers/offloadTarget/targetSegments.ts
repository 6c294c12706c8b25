/**
 * Segments from the wire, as the NIC sees them (reference §6.2, §6.9, §6.12): an offloaded connection's
 * segment is the target's to process — an acceptable RST aborts it, an ACK completes sends, data goes
 * to the receive side, a FIN closes the receive half; anything else (not offloaded, or being
 * uploaded) goes up the normal receive path.
 */
import type { PathOffloadStructures } from '../../ndis/stateStructures.js';
import type { Segment } from '../../wire/Segment.js';
import { findConnection, type OffloadTargetContext } from './OffloadTargetContext.js';
import { receiveData } from './targetReceive.js';
import { receiveAck } from './targetSend.js';
import { indicateAbort } from './targetIndications.js';
import { hasFlag, TargetFlags, type FourTuple, type TargetObject } from './TargetObject.js';

/** The NIC received a segment from the wire. */
export function receiveSegment(c: OffloadTargetContext, s: Segment): void {
  const o = findConnection(c, s.connection);
  if (!o || hasFlag(o, TargetFlags.Terminated)) c.ndis.NdisMIndicateReceiveNetBufferLists(c.miniportHandle, { segment: s });
  else processSegment(c, o, s);
}

/** An offloaded connection's segment, from the wire or forwarded by the host. */
export function processSegment(c: OffloadTargetContext, o: TargetObject, s: Segment): void {
  if (hasFlag(o, TargetFlags.Aborted)) return; // a reset connection: processing stopped (reference §6.9)
  if (s.rst) {
    // Reference §6.12: an acceptable RST (seq = RcvNxt) aborts; one outside the window is dropped silently.
    if (s.seq === c.delegated.rcvNxt(o.slot)) indicateAbort(c, o);
    return;
  }
  if (s.ack !== null && !hasFlag(o, TargetFlags.UploadRequested)) receiveAck(c, o, s.ack);
  if (s.len > 0 || s.fin) receiveData(c, o, s);
}

/** The connection's 4-tuple, from its path's constant state and its ports. */
export function connectionOf(o: TargetObject): FourTuple {
  const path = (o.parent!.state as PathOffloadStructures).Const!;
  return { localAddress: path.SourceAddress, localPort: o.key >>> 16, remoteAddress: path.DestinationAddress, remotePort: o.key & 0xffff };
}

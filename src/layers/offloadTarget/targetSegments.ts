/**
 * Segments from the wire, as the NIC sees them (reference §6.2, §6.9, §6.12): an offloaded connection's
 * segment is the target's to process — an acceptable RST aborts it, a FIN closes its receive half, an
 * ACK completes sends; anything else (not offloaded, or being uploaded) goes up the normal receive path.
 */
import type { PathOffloadStructures } from '../../ndis/stateStructures.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import type { Segment } from '../../wire/Segment.js';
import { findConnection, moveDelegatedTcp, type OffloadTargetContext } from './OffloadTargetContext.js';
import { receiveAck } from './targetSend.js';
import { indicateAbort } from './targetIndications.js';
import { hasFlag, TargetFlags, type FourTuple, type TargetObject } from './TargetObject.js';

/** The NIC received a segment from the wire. */
export function receiveSegment(c: OffloadTargetContext, s: Segment): void {
  const o = findConnection(c, s.connection);
  if (!o || hasFlag(o, TargetFlags.Terminated)) c.ndis.NdisMIndicateReceiveNetBufferLists(c.miniportHandle, { segment: s });
  else if (hasFlag(o, TargetFlags.Aborted)) return; // a reset connection: processing stopped (reference §6.9)
  else if (s.rst || s.fin) receiveControl(c, o, s, c.delegated.rcvNxt(o.slot));
  else if (s.ack !== null && !hasFlag(o, TargetFlags.UploadRequested)) receiveAck(c, o, s.ack);
}

/** The connection's 4-tuple, from its path's constant state and its ports. */
export function connectionOf(o: TargetObject): FourTuple {
  const path = (o.parent!.state as PathOffloadStructures).Const!;
  return { localAddress: path.SourceAddress, localPort: o.key >>> 16, remoteAddress: path.DestinationAddress, remotePort: o.key & 0xffff };
}

/**
 * Reference §6.9, §6.12: an acceptable RST (seq = RCV.NXT) aborts the connection: the target indicates
 * TcpIndicateAbort and completes every outstanding send and disconnect with NDIS_STATUS_REQUEST_ABORTED; an RST
 * outside the window is dropped. A FIN closes the receive half: TcpIndicateDisconnect (no receive data
 * is modelled yet, so nothing is left to consume first).
 */
export function receiveControl(c: OffloadTargetContext, o: TargetObject, s: Segment, rcvNxt: number): void {
  if (s.rst) {
    if (s.seq !== rcvNxt) return; // out of window: drop silently
    indicateAbort(c, o);
    return;
  }
  if (s.fin) {
    moveDelegatedTcp(c, o, { type: 'TcpIndicateDisconnect' });
    c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect, 0);
  }
}

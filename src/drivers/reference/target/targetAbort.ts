/**
 * A reset connection (reference §6.9, §6.12, §8 item 12): after an acceptable RST from the peer (or a
 * TcpIndicateAbort for one) or the host's abortive close, the target stops processing the connection,
 * its RFC 793 state is CLOSED, and every outstanding send, posted receive and disconnect completes with
 * NDIS_STATUS_REQUEST_ABORTED: the host drops that data.
 */
import { chainNetBufferLists } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { fourTupleText } from '../../../wire/FourTuple.js';
import { connectionOf, type TargetCall } from './TargetCall.js';
import { delegatedOf, TargetFlags, type TargetObject } from './TargetState.js';

export function abortConnection(c: TargetCall, o: TargetObject): void {
  o.flags |= TargetFlags.Aborted | TargetFlags.UploadRequested; // stop processing; the host will terminate
  c.s.resetConnections[fourTupleText(connectionOf(c, o))] = true;
  delegatedOf(o).State = TCPSTATE.TCPSTATE_CLOSED;
  const sends = o.sendQueue ?? [];
  o.sendQueue = null;
  for (const n of sends) n.Status = NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED;
  const chain = chainNetBufferLists(sends);
  if (chain) c.ndis.NdisTcpOffloadSendComplete(c.s.NdisMiniportHandle, chain);
  abortReceives(c, o);
  const disconnect = o.disconnect;
  o.disconnect = null;
  if (disconnect) {
    disconnect.Status = NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED;
    c.ndis.NdisTcpOffloadDisconnectComplete(c.s.NdisMiniportHandle, disconnect);
  }
}

/** A reset: posted buffers complete with NDIS_STATUS_REQUEST_ABORTED (their filled bytes still count). */
export function abortReceives(c: TargetCall, o: TargetObject): void {
  const posted = o.receive?.posted.splice(0) ?? [];
  for (const n of posted) n.Status = NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED;
  const chain = chainNetBufferLists(posted);
  if (chain) c.ndis.NdisTcpOffloadReceiveComplete(c.s.NdisMiniportHandle, chain);
}

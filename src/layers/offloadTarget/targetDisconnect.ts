/**
 * MiniportTcpOffloadDisconnect (reference §6.9). Graceful: the FIN follows the data already queued
 * (sent at once: nothing is waiting), the send half closes, and the disconnect completes with SUCCESS
 * once the peer has acknowledged the FIN (after every send completed). Abortive: an RST, every
 * outstanding send completes with REQUEST_ABORTED, processing stops, and the disconnect completes with
 * SUCCESS (the RST was sent). While the connection is being uploaded: UPLOAD_IN_PROGRESS; once it was
 * reset: REQUEST_ABORTED.
 */
import type { MiniportEdgeEvent } from '../../ndis/calls.js';
import { TCP_DISCONNECT_ABORTIVE_CLOSE } from '../../ndis/flags.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { moveDelegatedTcp, refusedIoStatus, type OffloadTargetContext } from './OffloadTargetContext.js';
import type { TargetObject } from './TargetObject.js';
import { connectionOf } from './targetSegments.js';
import { abortConnection } from './targetAbort.js';

type DisconnectEvent = Extract<MiniportEdgeEvent, { type: 'MiniportTcpOffloadDisconnect' }>;

export function MiniportTcpOffloadDisconnect(c: OffloadTargetContext, event: DisconnectEvent): void {
  const o = event.MiniportOffloadContext as TargetObject | null;
  const nbl = event.NetBufferList;
  event.returns.Status = NDIS_STATUS.NDIS_STATUS_PENDING;
  if (o?.owner === c.name) nbl.MiniportReserved = o.NdisOffloadHandle;
  const refused = refusedIoStatus(c, o);
  if (!o || refused !== null) {
    nbl.Status = refused ?? NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
    c.ndis.NdisTcpOffloadDisconnectComplete(c.miniportHandle, nbl);
    return;
  }
  const sndNxt = c.delegated.sndNxt(o.slot);
  if (event.Flags & TCP_DISCONNECT_ABORTIVE_CLOSE) {
    // The only RST a target may originate.
    c.transmit({ connection: connectionOf(o), seq: sndNxt, len: 0, ack: null, rst: true });
    abortConnection(c, o);
    nbl.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    c.ndis.NdisTcpOffloadDisconnectComplete(c.miniportHandle, nbl);
    return;
  }
  moveDelegatedTcp(c, o, { type: 'GracefulClose' });
  o.disconnect = nbl;
  // The FIN takes one sequence number after the last data byte.
  c.transmit({ connection: connectionOf(o), seq: sndNxt, len: 0, ack: 0, fin: true });
  c.delegated.setSndNxt(o.slot, sndNxt + 1);
}

/** An ACK that covers the FIN completes the graceful disconnect. */
export function finAcknowledged(c: OffloadTargetContext, o: TargetObject, ack: number): void {
  const nbl = o.disconnect;
  if (!nbl || ack < c.delegated.sndNxt(o.slot)) return;
  o.disconnect = null;
  moveDelegatedTcp(c, o, { type: 'FinAcked' });
  nbl.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  c.ndis.NdisTcpOffloadDisconnectComplete(c.miniportHandle, nbl);
}

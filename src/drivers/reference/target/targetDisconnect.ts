/**
 * MiniportTcpOffloadDisconnect (reference §6.9). Graceful: the FIN follows the data already queued
 * (sent at once: nothing is waiting), the send half closes, and the disconnect completes with SUCCESS
 * once the peer has acknowledged the FIN (after every send completed). Abortive: an RST, every
 * outstanding send completes with REQUEST_ABORTED, processing stops, and the disconnect completes with
 * SUCCESS (the RST was sent). While the connection is being uploaded: UPLOAD_IN_PROGRESS; once it was
 * reset: REQUEST_ABORTED.
 */
import { nblEnd } from '../../../ndis/NET_BUFFER_LIST.js';
import { advertiseAtTarget } from './targetWindow.js';
import type { MiniportHandlerArgs } from '../../../ndis/calls.js';
import { TCP_DISCONNECT_ABORTIVE_CLOSE } from '../../../ndis/flags.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import { connectionOf, moveDelegatedTcp, refusedIoStatus, setSndNxt, type TargetCall } from './TargetCall.js';
import { delegatedOf, hasFlag, objectOfContext, TargetFlags, type TargetObject } from './TargetState.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../../../ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { indicateWhenInitiateReturned } from './targetIndications.js';
import { abortConnection } from './targetAbort.js';
import { uploadInTimeWait } from './targetTimeWait.js';
import { armFinWait2, armRetransmit } from './targetRetransmit.js';

export function MiniportTcpOffloadDisconnect(c: TargetCall, { MiniportOffloadContext, NetBufferList: nbl, Flags }: MiniportHandlerArgs['MiniportTcpOffloadDisconnect']): number {
  const o = objectOfContext(c.s, MiniportOffloadContext);
  if (o) nbl.MiniportReserved = { ...o.NdisOffloadHandle };
  const refused = refusedIoStatus(o);
  if (!o || refused !== null) {
    nbl.Status = refused ?? NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
    c.ndis.NdisTcpOffloadDisconnectComplete(c.s.NdisMiniportHandle, nbl);
    return NDIS_STATUS.NDIS_STATUS_PENDING;
  }
  const sndNxt = delegatedOf(o).SndNxt;
  if (Flags & TCP_DISCONNECT_ABORTIVE_CLOSE) {
    // The only RST a target may originate.
    c.nic.transmit({ connection: connectionOf(c, o), seq: sndNxt, len: 0, ack: null, rst: true });
    abortConnection(c, o);
    nbl.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    c.ndis.NdisTcpOffloadDisconnectComplete(c.s.NdisMiniportHandle, nbl);
    return NDIS_STATUS.NDIS_STATUS_PENDING;
  }
  moveDelegatedTcp(o, { type: 'GracefulClose' });
  o.disconnect = nbl;
  o.finOwed = true;
  sendOwedFin(c, o);
  return NDIS_STATUS.NDIS_STATUS_PENDING;
}

/**
 * The FIN of a graceful disconnect, once every byte before it was sent: the peer's window may hold data
 * back (transmitQueued sends it then). It takes one sequence number after the last data byte.
 */
export function sendOwedFin(c: TargetCall, o: TargetObject): void {
  const d = delegatedOf(o);
  const q = o.sendQueue ?? [];
  const last = q[q.length - 1];
  if (!o.finOwed || (last && nblEnd(last) > d.SndNxt)) return;
  o.finOwed = false;
  const sndNxt = d.SndNxt;
  c.nic.transmit({ connection: connectionOf(c, o), seq: sndNxt, len: 0, ack: d.RcvNxt, wnd: advertiseAtTarget(o), fin: true });
  setSndNxt(o, sndNxt + 1);
  armRetransmit(c, o);
}

/**
 * The peer acknowledged this side's FIN (receiveAck: it was outstanding, finOutstanding), a graceful
 * disconnect's or the host's own from before the offload, alike (RFC 793): FIN_WAIT_1 → FIN_WAIT_2 (the
 * FIN_WAIT_2 timer runs), CLOSING → TIME_WAIT (the target asks for the upload), LAST_ACK → CLOSED. A
 * disconnect waiting for that ACK completes with SUCCESS; the host learns from it that the connection
 * is CLOSED, and terminates the offload. Without one (the host's own FIN) it would never learn: the
 * target asks for the upload, as it does for a connection CLOSED by a timer (reference §6.12: the
 * FIN_WAIT_2 timer, keepalive probes; "upload connection in CLOSED state"), with UploadRequested, the
 * mandatory reason for an unspecified one (targetTimeWait.ts); back in the host, the TCB is deleted.
 */
export function finAcknowledged(c: TargetCall, o: TargetObject, ack: number): void {
  if (ack < delegatedOf(o).SndMax) return; // the FIN takes SndMax - 1
  moveDelegatedTcp(o, { type: 'FinAcked' });
  armFinWait2(c, o); // FIN_WAIT_1 → FIN_WAIT_2: the FIN_WAIT_2 timer runs
  const nbl = o.disconnect;
  o.disconnect = null;
  if (nbl) {
    nbl.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    c.ndis.NdisTcpOffloadDisconnectComplete(c.s.NdisMiniportHandle, nbl);
  } else if (delegatedOf(o).State === TCPSTATE.TCPSTATE_CLOSED && !hasFlag(o, TargetFlags.UploadRequested)) {
    c.ndis.DbgPrint(`the peer acknowledged the host's own FIN in LAST_ACK: CLOSED, and no disconnect to complete; asks for the upload`, o.NdisOffloadHandle.label);
    o.flags |= TargetFlags.UploadRequested;
    indicateWhenInitiateReturned(c, o, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.UploadRequested);
  }
  uploadInTimeWait(c, o); // CLOSING: the ACK of our FIN took it to TIME_WAIT
}

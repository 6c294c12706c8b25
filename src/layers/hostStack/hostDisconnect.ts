/**
 * The application closes a connection (reference §6.9). Offloaded: NdisOffloadTcpDisconnect with
 * TCP_DISCONNECT_GRACEFUL_CLOSE (a FIN after the data; the send half closes) or
 * TCP_DISCONNECT_ABORTIVE_CLOSE (an RST). In the host: the host's own TCP sends the FIN or RST. While
 * an offload or upload is in flight the host closes once it completes.
 */
import { TCP_DISCONNECT_ABORTIVE_CLOSE, TCP_DISCONNECT_GRACEFUL_CLOSE } from '../../ndis/flags.js';
import type { NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCPSTATE } from '../../ndis/TCPSTATE.js';
import { fourTupleOf } from '../../wire/FourTuple.js';
import { moveTcp, sendSegment, tcbOfNbl, type HostContext } from './HostContext.js';
import { terminateOffload } from './hostTerminate.js';
import { discardQueue } from './hostSend.js';
import { streamOf, type Tcb } from './Tcb.js';

/** The application closes the connection (`abortive`: reset it). */
export function disconnect(c: HostContext, t: Tcb, abortive: boolean): void {
  const Flags = abortive ? TCP_DISCONNECT_ABORTIVE_CLOSE : TCP_DISCONNECT_GRACEFUL_CLOSE;
  const s = streamOf(t);
  if (t.offload === S.TcpConnectionOffloadStateOffloaded && t.uploadOwed === 0) {
    moveTcp(c, t, { type: abortive ? 'AbortiveClose' : 'GracefulClose' });
    if (abortive) t.aborted = true;
    const nbl = c.ndis.NdisAllocateNetBufferList(t.label, s.appBytes, 0);
    nbl.ProtocolReserved = t.label;
    c.ndis.NdisOffloadTcpDisconnect(t.handle, nbl, Flags);
  } else if (t.offload === S.TcpConnectionOffloadStateInHost) closeInHost(c, t, Flags);
  else {
    s.closeOwed = Flags;
    if (c.report.wanted) c.report.decision(`closes ${t.label} once its offload or upload has completed`, t.label);
  }
}

/** In the host: the host's own TCP sends the FIN (after all data) or the RST. */
export function closeInHost(c: HostContext, t: Tcb, Flags: number): void {
  const s = streamOf(t);
  s.closeOwed = 0;
  if (Flags & TCP_DISCONNECT_ABORTIVE_CLOSE) {
    sendSegment(c, { connection: fourTupleOf(t), seq: s.sndNxt, len: 0, ack: null, rst: true });
    t.aborted = true;
    moveTcp(c, t, { type: 'AbortiveClose' });
    discardQueue(t);
    return;
  }
  if (s.finSeq >= 0) return; // already sent
  moveTcp(c, t, { type: 'GracefulClose' });
  s.finSeq = s.sndNxt;
  sendSegment(c, { connection: fourTupleOf(t), seq: s.sndNxt, len: 0, ack: 0, fin: true });
  s.sndNxt += 1;
}

/** In the host: an ACK covering the host's FIN. */
export function finAckedInHost(c: HostContext, t: Tcb, ack: number): void {
  const s = t.stream;
  if (!s || s.finSeq < 0 || ack <= s.finSeq) return;
  s.finSeq = -1;
  moveTcp(c, t, { type: 'FinAcked' });
}

/**
 * ProtocolTcpOffloadDisconnectComplete: SUCCESS = the FIN was ACKed (or the RST sent); REQUEST_ABORTED =
 * the connection was reset, nothing is left to close; otherwise the host closes itself after the upload.
 */
export function disconnectComplete(c: HostContext, nbl: NET_BUFFER_LIST): void {
  const t = tcbOfNbl(c.s, nbl);
  if (!t) return;
  if (nbl.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) {
    if (!t.aborted) moveTcp(c, t, { type: 'FinAcked' });
    // Reset (RST sent), or LAST_ACK's FIN acknowledged: nothing is left of the connection, so the host
    // deletes the TCB, and the target keeps its resources only until then (reference §6.9): it uploads.
    if (t.tcp === TCPSTATE.TCPSTATE_CLOSED && t.offload === S.TcpConnectionOffloadStateOffloaded) {
      c.report.decision(`${t.label} is CLOSED: deletes its TCB, so terminates its offload`, t.label);
      terminateOffload(c, [t]);
    }
    return;
  }
  if (nbl.Status === NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED) {
    if (c.report.wanted) c.report.decision(`disconnect of ${t.label} came back NDIS_STATUS_REQUEST_ABORTED: the connection was reset`, t.label);
    return;
  }
  // The target was uploading: the FIN is the host's to finish (it may already be on the wire).
  const s = streamOf(t);
  s.finSeq = Math.max(0, s.appBytes);
  if (c.report.wanted) c.report.decision(`disconnect of ${t.label} came back ${NdisStatusEnum.format(nbl.Status)}: the host finishes the close`, t.label);
}

/** After an initiate or terminate completed: a close the application asked for meanwhile. */
export function closeOwed(c: HostContext, t: Tcb): void {
  const Flags = t.stream?.closeOwed ?? 0;
  if (!Flags) return;
  t.stream!.closeOwed = 0;
  disconnect(c, t, (Flags & TCP_DISCONNECT_ABORTIVE_CLOSE) !== 0);
}

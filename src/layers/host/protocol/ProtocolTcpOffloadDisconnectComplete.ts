/**
 * ProtocolTcpOffloadDisconnectComplete — NDIS calls it when the target completes the host's
 * NdisOffloadTcpDisconnect (reference §6.9): its Status says whether the FIN was sent and ACKed, or the RST sent.
 */
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../../ndis/NDIS_STATUS.js';
import { TCP_DISCONNECT_ABORTIVE_CLOSE } from '../../../ndis/flags.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { terminateOffload } from '../decisions/terminateOffload.js';
import type { HostContext } from '../HostContext.js';
import { tcbOfNbl } from '../lookup.js';
import { moveTcp } from '../tcp/moveTcp.js';
import { streamOf } from '../tcp/TcbStream.js';

/**
 * ProtocolTcpOffloadDisconnectComplete: SUCCESS = the FIN was ACKed (or the RST sent); REQUEST_ABORTED =
 * the connection was reset, nothing is left to close; otherwise the host closes itself after the upload.
 */
export function ProtocolTcpOffloadDisconnectComplete(c: HostContext, { NetBufferList: nbl }: ProtocolHandlerArgs['ProtocolTcpOffloadDisconnectComplete']): void {
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
  const s = streamOf(t);
  if (t.aborted) {
    // An abortive close the target gave back: the host's own TCP sends the RST once the upload completed.
    s.closeOwed = TCP_DISCONNECT_ABORTIVE_CLOSE;
    if (c.report.wanted) c.report.decision(`disconnect of ${t.label} came back ${NdisStatusEnum.format(nbl.Status)}: the host sends the RST itself after the upload`, t.label);
    return;
  }
  // The target was uploading: the FIN is the host's to finish (it may already be on the wire).
  s.finSeq = Math.max(0, s.appBytes);
  if (c.report.wanted) c.report.decision(`disconnect of ${t.label} came back ${NdisStatusEnum.format(nbl.Status)}: the host finishes the close`, t.label);
}

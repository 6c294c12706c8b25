/**
 * ProtocolTcpOffloadSendComplete — NDIS calls it when the target completes send NBLs the host posted
 * with NdisOffloadTcpSend (reference §6.6), a chain, each with its Status. The room it makes within the
 * optimum send backlog lets the host post the data it held back.
 */
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import { nblEnd, nblText } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../../ndis/NDIS_STATUS.js';
import type { HostContext } from '../HostContext.js';
import { completedNbls } from '../lookup.js';
import { TCP_UPLOAD_REASON } from '../../../ndis/TCP_UPLOAD_REASON.js';
import { uploadNowOrOwe } from '../decisions/uploadNowOrOwe.js';
import { postHeldSends } from '../socket/send.js';
import type { Tcb } from '../tcp/Tcb.js';
import { byStreamOffset, streamOf } from '../tcp/TcbStream.js';

/**
 * ProtocolTcpOffloadSendComplete: SUCCESS = acknowledged; UPLOAD_IN_PROGRESS = the host sends it itself;
 * REQUEST_UPLOAD (and UPLOAD_REQUESTED on the NBLs after it) = the host sends it itself and uploads; REQUEST_ABORTED = dropped.
 */
export function ProtocolTcpOffloadSendComplete(c: HostContext, { NetBufferList }: ProtocolHandlerArgs['ProtocolTcpOffloadSendComplete']): void {
  const tcbs = new Set<Tcb>();
  const uploads = new Set<Tcb>();
  const givenBack = new Set<Tcb>();
  for (const [n, t] of completedNbls(c.s, NetBufferList)) {
    const s = streamOf(t);
    tcbs.add(t);
    // It was handed down with an initiate whose completion has not come back yet (the target may complete
    // it first, e.g. after an RST): the host lists it no longer, and the initiate's completion will not either.
    const id = n.id;
    if (s.sendChainDown?.includes(id)) {
      s.sendQueue = s.sendQueue.filter((x) => x.id !== id);
      s.sendChainDown = s.sendChainDown.filter((x) => x !== id);
    } else s.sendOutstanding = Math.max(0, s.sendOutstanding - n.DataLength);
    if (n.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) {
      s.ackedBytes += n.DataLength;
    } else if (n.Status === NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED) {
      if (n.DataLength > 0) s.discarded.push([n.DataOffset, nblEnd(n)]);
    } else {
      // UPLOAD_IN_PROGRESS, or an intermediate driver that could not pass the send down (reference §7.4:
      // REQUEST_UPLOAD on the first NBL, UPLOAD_REQUESTED on the rest): the host sends those bytes itself.
      if (n.Status === NDIS_STATUS.NDIS_STATUS_REQUEST_UPLOAD) uploads.add(t);
      givenBack.add(t);
      s.sendQueue = [...s.sendQueue, n].sort(byStreamOffset);
      if (c.report.wanted) c.report.decision(`takes ${nblText(n)} back (${NdisStatusEnum.format(n.Status)}): it will send those bytes itself`, t.label);
    }
  }
  // NDIS_STATUS_REQUEST_UPLOAD: the host takes the connection back to send itself (a choice: §7.4 says
  // the host does the send; uploading is the way it can, as the reference's "presumably upload" suggests).
  for (const t of uploads) uploadNowOrOwe(c, t, TCP_UPLOAD_REASON.UploadRequested, 'a send came back NDIS_STATUS_REQUEST_UPLOAD');
  // Room within the optimum send backlog: the data held back goes down now. Data given back makes no
  // room: the target is uploading (or cannot take sends), so the host keeps it until the connection is
  // back in the host, instead of posting it again to have it given back again.
  for (const t of tcbs) if (!givenBack.has(t)) postHeldSends(c, t);
}

/**
 * ProtocolTcpOffloadReceiveComplete — NDIS calls it when the target completes receive buffers the host
 * posted with NdisOffloadTcpReceive (reference §6.7), a chain in posting order, each with its Status.
 */
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import { nblFilled, nblText } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../../ndis/NDIS_STATUS.js';
import type { HostContext } from '../HostContext.js';
import { completedNbls } from '../lookup.js';
import { deliverToApplication } from '../socket/socketBuffer.js';
import { streamOf } from '../tcp/TcbStream.js';

/** ProtocolTcpOffloadReceiveComplete: the filled bytes reach the application; a buffer the target gave back unfilled is the host's to fill. */
export function ProtocolTcpOffloadReceiveComplete(c: HostContext, { NetBufferList }: ProtocolHandlerArgs['ProtocolTcpOffloadReceiveComplete']): void {
  for (const [n, t] of completedNbls(c.s, NetBufferList)) {
    const s = streamOf(t);
    s.postedDown = Math.max(0, s.postedDown - 1);
    const r = nblFilled(n);
    if (r) deliverToApplication(s, r[0], r[1]);
    if (n.DataLength === 0) continue; // the host's own zero-byte receive
    if (n.Status === NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS && !r) {
      s.hostPosted = [...s.hostPosted, n].sort((a, b) => a.id - b.id);
      if (c.report.wanted) c.report.decision(`takes ${nblText(n)} back (NDIS_STATUS_UPLOAD_IN_PROGRESS): it fills it itself`, t.label);
    } else if (n.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS && c.report.wanted) {
      const why = n.Status === NDIS_STATUS.NDIS_STATUS_INVALID_STATE ? ': the peer has closed its send half' : '';
      c.report.decision(`${nblText(n)} came back ${NdisStatusEnum.format(n.Status)}${why}`, t.label);
    }
  }
}

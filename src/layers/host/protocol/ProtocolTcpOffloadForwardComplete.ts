/**
 * ProtocolTcpOffloadForwardComplete — NDIS calls it when the target completes segments the host
 * forwarded with NdisOffloadTcpForward (reference §6.8), a chain, each with its Status.
 */
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import { nblText } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import type { HostContext } from '../HostContext.js';
import { completedNbls } from '../lookup.js';
import { hold } from '../tcp/receiveSegment.js';

/** ProtocolTcpOffloadForwardComplete: SUCCESS = processed; UPLOAD_IN_PROGRESS = the host processes it after the upload; REQUEST_ABORTED = dropped. */
export function ProtocolTcpOffloadForwardComplete(c: HostContext, { NetBufferList }: ProtocolHandlerArgs['ProtocolTcpOffloadForwardComplete']): void {
  for (const [n, t] of completedNbls(c.s, NetBufferList)) {
    if (n.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS || !n.ForwardedSegment) continue;
    if (n.Status === NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED) {
      if (c.report.wanted) c.report.decision(`drops the forwarded ${nblText(n)}: the connection was reset`, t.label);
      continue;
    }
    hold(t, n.ForwardedSegment);
  }
}

/**
 * ProtocolTcpOffloadForwardComplete — NDIS calls it when the target completes segments the host
 * forwarded with NdisOffloadTcpForward (reference §6.8), a chain, each with its Status.
 */
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import { nblText, type NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import type { HostContext } from '../HostContext.js';
import { tcbOfNbl } from '../lookup.js';
import { hold } from '../tcp/receiveSegment.js';

/** ProtocolTcpOffloadForwardComplete: SUCCESS = processed; UPLOAD_IN_PROGRESS = the host processes it after the upload; REQUEST_ABORTED = dropped. */
export function ProtocolTcpOffloadForwardComplete(c: HostContext, { NetBufferList }: ProtocolHandlerArgs['ProtocolTcpOffloadForwardComplete']): void {
  for (let n: NET_BUFFER_LIST | null = NetBufferList, next; n; n = next) {
    next = n.Next;
    n.Next = null;
    const t = tcbOfNbl(c.s, n);
    if (!t || n.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS || !n.ForwardedSegment) continue;
    if (n.Status === NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED) {
      if (c.report.wanted) c.report.decision(`drops the forwarded ${nblText(n)}: the connection was reset`, t.label);
      continue;
    }
    hold(t, n.ForwardedSegment);
  }
}

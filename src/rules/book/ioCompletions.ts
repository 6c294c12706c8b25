/** Data I/O completions (NdisTcpOffloadSendComplete, ...): each NBL once, sends in order, and the Status an earlier event dictates. */
import { NDIS_STATUS, NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import { nblText } from '../../ndis/NET_BUFFER_LIST.js';
import { defineRule, type Finding } from '../Rule.js';

/**
 * The statuses a receive posted after TcpIndicateDisconnect may complete with: INVALID_STATE, or the
 * status every I/O of a reset (REQUEST_ABORTED) or uploading (UPLOAD_IN_PROGRESS) connection gets —
 * the target may have decided either before the host saw it, so neither is the target's fault.
 */
const REFUSED_RECEIVE_STATUSES = new Set<number>([
  NDIS_STATUS.NDIS_STATUS_INVALID_STATE,
  NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED,
  NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS,
]);

/** A Status that says the NBL failed (neither SUCCESS nor not written yet). */
const failed = (status: number | undefined): status is number =>
  status !== undefined && status !== NDIS_STATUS.NDIS_STATUS_SUCCESS && status !== NDIS_STATUS.NDIS_STATUS_PENDING;

/** nbl-completed-once */
export const nblCompletedOnce = defineRule({
  id: 'nbl-completed-once',
  crossing: 'ioComplete',
  summary: 'Each NBL is completed exactly once, and only one that went down through that binding and has not come back.',
  source: 'NdisTcpOffloadSendComplete',
  onCrossing: (c, m) => {
    let out: Finding[] | undefined;
    for (const n of c.NetBufferLists) {
      if (m.isOutstanding(c.binding, n)) continue;
      const detail = `${c.fn} of ${nblText(n)}, which is not outstanding through this binding (completed before, handed back, or never posted)`;
      (out ??= []).push({ detail, objects: [n.connection] });
    }
    return out;
  },
});

/** send-completions-in-order */
export const sendCompletionsInOrder = defineRule({
  id: 'send-completions-in-order',
  crossing: 'ioComplete',
  summary: 'Sends complete with SUCCESS in the order they were posted: none while an earlier NBL of the same connection is still outstanding.',
  source: 'MiniportTcpOffloadSend',
  onCrossing: (c, m) => {
    if (c.fn !== 'NdisTcpOffloadSendComplete') return undefined;
    let out: Finding[] | undefined;
    c.NetBufferLists.forEach((n, i) => {
      if (n.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS) return;
      // Earlier NBLs completed by this same call (before it in the chain) are not left behind.
      const behind = m.outstandingBefore(c.binding, n).filter((id) => !c.NetBufferLists.slice(0, i).some((x) => x.id === id));
      if (behind.length === 0) return;
      (out ??= []).push({ detail: `${nblText(n)} completed with SUCCESS before ${behind.map((id) => `NBL#${id}`).join(', ')}, posted earlier`, objects: [n.connection] });
    });
    return out;
  },
});

/** receive-after-disconnect-invalid-state */
export const receiveAfterDisconnectInvalidState = defineRule({
  id: 'receive-after-disconnect-invalid-state',
  crossing: 'ioComplete',
  summary:
    'A receive posted after TcpIndicateDisconnect completes with NDIS_STATUS_INVALID_STATE (or with the REQUEST_ABORTED / UPLOAD_IN_PROGRESS every I/O of a reset or uploading connection gets), never with SUCCESS.',
  source: 'Responding to the Reception of a FIN or RST Segment',
  onCrossing: (c, m) => {
    let out: Finding[] | undefined;
    for (const n of c.NetBufferLists) {
      if (REFUSED_RECEIVE_STATUSES.has(n.Status) || !m.stream(c.binding, n.connection).postedAfterDisconnect.includes(n.id)) continue;
      const detail = `${c.fn} of ${nblText(n)} with ${NdisStatusEnum.format(n.Status)}; it was posted after TcpIndicateDisconnect`;
      (out ??= []).push({ detail, objects: [n.connection] });
    }
    return out;
  },
});

/** io-aborted-after-abort */
export const ioAbortedAfterAbort = defineRule({
  id: 'io-aborted-after-abort',
  crossing: 'ioComplete',
  summary:
    'After TcpIndicateAbort, every send, disconnect and receive of the connection that was still outstanding (not yet completed by the target) completes with NDIS_STATUS_REQUEST_ABORTED.',
  source: 'Responding to the Reception of a FIN or RST Segment',
  onCrossing: (c, m) => {
    let out: Finding[] | undefined;
    for (const n of c.NetBufferLists) {
      if (n.Status === NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED || !m.stream(c.binding, n.connection).abortedOutstanding.includes(n.id)) continue;
      const detail = `${c.fn} of ${nblText(n)} with ${NdisStatusEnum.format(n.Status)}; it was outstanding when TcpIndicateAbort was raised`;
      (out ??= []).push({ detail, objects: [n.connection] });
    }
    return out;
  },
});

/** send-list-fails-after-first-failure */
export const sendListFailsAfterFirstFailure = defineRule({
  id: 'send-list-fails-after-first-failure',
  crossing: 'ioComplete',
  summary: 'Once one NBL of a list posted in one send has failed, the later NBLs of that list fail too: none of them completes with SUCCESS.',
  source: 'MiniportTcpOffloadSend',
  onCrossing: (c, m) => {
    if (c.fn !== 'NdisTcpOffloadSendComplete') return undefined;
    let out: Finding[] | undefined;
    c.NetBufferLists.forEach((n, i) => {
      const posted = n.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS ? m.postedWith(c.binding, n) : undefined;
      if (!posted) return;
      // The Status of an earlier NBL of the list: as it came back before, or earlier in this same completion.
      const statusOf = (id: number) => posted.completed[id] ?? c.NetBufferLists.slice(0, i).find((x) => x.id === id)?.Status;
      for (const failedId of posted.ids.slice(0, posted.ids.indexOf(n.id))) {
        const failedStatus = statusOf(failedId);
        if (!failed(failedStatus)) continue;
        const detail = `${nblText(n)} completed with SUCCESS after NBL#${failedId}, earlier in the same posted list, failed with ${NdisStatusEnum.format(failedStatus)}`;
        (out ??= []).push({ detail, objects: [n.connection] });
        return;
      }
    });
    return out;
  },
});

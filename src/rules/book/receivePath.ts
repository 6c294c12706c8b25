/** The receive path: received data going up (indications and receive completions) in stream order, and lent NBLs coming back. */
import { NDIS_STATUS, NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import { nblText } from '../../ndis/NET_BUFFER_LIST.js';
import { defineRule, type Finding } from '../Rule.js';
import { one } from './helpers.js';

/** receive-indication-status-success */
export const receiveIndicationStatusSuccess = defineRule({
  id: 'receive-indication-status-success',
  crossing: 'receiveIndicate',
  summary: 'The Status argument of NdisTcpOffloadReceiveHandler is always NDIS_STATUS_SUCCESS (never NDIS_STATUS_RESOURCES).',
  source: 'NdisTcpOffloadReceiveHandler',
  onCrossing: (c) =>
    c.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS
      ? one(`${c.caller} indicated ${nblText(c.NetBufferList)} with Status ${NdisStatusEnum.format(c.Status)}`, [c.handle.label])
      : undefined,
});

/** receive-indication-result-legal */
export const receiveIndicationResultLegal = defineRule({
  id: 'receive-indication-result-legal',
  crossing: 'receiveIndicateReturn',
  summary:
    'A receive indication returns SUCCESS with BytesConsumed = all the bytes offered, OFFLOAD_DATA_NOT_ACCEPTED with 0, or OFFLOAD_DATA_PARTIALLY_ACCEPTED with 0 < BytesConsumed < the bytes offered.',
  source: 'ProtocolTcpOffloadReceiveIndicate',
  onCrossing: (c) => {
    const length = c.NetBufferList.DataLength;
    const { Status, BytesConsumed } = c;
    const legal =
      Status === NDIS_STATUS.NDIS_STATUS_SUCCESS ? BytesConsumed === length
      : Status === NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED ? BytesConsumed === 0
      : Status === NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED ? BytesConsumed > 0 && BytesConsumed < length
      : false;
    return legal
      ? undefined
      : one(`${c.callee} returned ${NdisStatusEnum.format(Status)} with BytesConsumed ${BytesConsumed} for ${nblText(c.NetBufferList)} (${length} bytes offered)`, [c.handle.label]);
  },
});

/** receive-data-in-order */
export const receiveDataInOrder = defineRule({
  id: 'receive-data-in-order',
  crossing: ['ioComplete', 'receiveIndicate'],
  summary:
    'Received data goes up in stream order: what the target put in each completed receive buffer, and each receive indication, starts where the data delivered before it ended (the initiate\'s buffered data first, then from RcvNxt).',
  source: 'Delivery Algorithm',
  onCrossing: (c, m) => {
    if (c.kind === 'receiveIndicate') {
      const stream = m.stream(c.binding, c.handle.label);
      return c.NetBufferList.DataOffset !== stream.next
        ? one(`${c.caller} indicated ${nblText(c.NetBufferList)}; the data delivered so far ends at ${stream.next}`, [c.handle.label])
        : undefined;
    }
    let out: Finding[] | undefined;
    let next: Map<string, number> | undefined; // advanced by the earlier NBLs of this same chain
    for (const n of c.NetBufferLists) {
      // An NBL that is not outstanding is nbl-completed-once's finding.
      const filled = m.isOutstanding(c.binding, n) ? m.filledByTarget(c.binding, n) : null;
      if (!filled) continue;
      const expected = next?.get(n.connection) ?? m.stream(c.binding, n.connection).next;
      if (filled[0] !== expected) {
        const detail = `${c.fn} of ${nblText(n)}, filled from ${filled[0]}; the data delivered so far ends at ${expected}`;
        (out ??= []).push({ detail, objects: [n.connection] });
      }
      (next ??= new Map()).set(n.connection, filled[1]);
    }
    return out;
  },
});

/** no-receive-data-after-disconnect-indication */
export const noReceiveDataAfterDisconnectIndication = defineRule({
  id: 'no-receive-data-after-disconnect-indication',
  crossing: ['ioComplete', 'receiveIndicate'],
  summary: 'After TcpIndicateDisconnect (the peer\'s FIN, indicated once the data before it was consumed) no more received data goes up for that connection.',
  source: 'Responding to the Reception of a FIN or RST Segment',
  onCrossing: (c, m) => {
    if (c.kind === 'receiveIndicate') {
      return m.stream(c.binding, c.handle.label).disconnectIndicated
        ? one(`${c.caller} indicated ${nblText(c.NetBufferList)} after TcpIndicateDisconnect`, [c.handle.label])
        : undefined;
    }
    let out: Finding[] | undefined;
    for (const n of c.NetBufferLists) {
      if (!m.stream(c.binding, n.connection).disconnectIndicated || !m.isOutstanding(c.binding, n) || !m.filledByTarget(c.binding, n)) continue;
      (out ??= []).push({ detail: `${c.fn} of ${nblText(n)}, data after TcpIndicateDisconnect`, objects: [n.connection] });
    }
    return out;
  },
});

/** receive-return-of-lent-nbl */
export const receiveReturnOfLentNbl = defineRule({
  id: 'receive-return-of-lent-nbl',
  crossing: 'receiveReturn',
  summary:
    'NdisOffloadTcpReceiveReturn gives back, once each, only NBLs the layer below lent through that binding: indicated with a SUCCESS result, or handed up in a terminate\'s BufferedData.',
  source: 'NdisOffloadTcpReceiveReturn',
  onCrossing: (c, m) => {
    let out: Finding[] | undefined;
    c.NetBufferLists.forEach((n, i) => {
      if (m.isLent(c.binding, n) && c.NetBufferLists.findIndex((x) => x.id === n.id) === i) return;
      const detail = `${c.caller} returned ${nblText(n)}, which was not lent to it through this binding (returned before, or never indicated with SUCCESS)`;
      (out ??= []).push({ detail, objects: [n.connection] });
    });
    return out;
  },
});

/** receive-return-returns-success */
export const receiveReturnReturnsSuccess = defineRule({
  id: 'receive-return-returns-success',
  crossing: 'receiveReturn',
  blames: 'callee',
  summary: 'MiniportTcpOffloadReceiveReturn always returns NDIS_STATUS_SUCCESS, at once; nothing completes later.',
  source: 'MiniportTcpOffloadReceiveReturn',
  onCrossing: (c) =>
    c.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS
      ? one(`${c.callee} returned ${NdisStatusEnum.format(c.Status)} from MiniportTcpOffloadReceiveReturn`, [...new Set(c.NetBufferLists.map((n) => n.connection))])
      : undefined,
});

/** posted-receives-filled-before-indication */
export const postedReceivesFilledBeforeIndication = defineRule({
  id: 'posted-receives-filled-before-indication',
  crossing: 'receiveIndicate',
  summary:
    'Received data goes into the receive buffers the host posted before anything is indicated: no receive indication while a posted buffer of the connection is neither filled nor completed.',
  source: 'Delivery Algorithm',
  onCrossing: (c, m) => {
    const label = c.handle.label;
    const posted = m.outstanding(c.binding, label, 'receive');
    if (posted.length === 0) return undefined;
    const stream = m.stream(c.binding, label);
    const completing = m.completing();
    // A buffer still outstanding through the binding below is held further down: judged where it crossed there.
    const below = m.isIntermediateBelow(c.binding) ? m.outstanding(c.binding + 1, label, 'receive') : [];
    const waiting = posted.filter((id) => {
      const notBefore = stream.notBefore?.[id];
      return !completing.has(id) && !below.includes(id) && !notBefore?.includes(-1) && !notBefore?.includes(c.NetBufferList.id);
    });
    if (waiting.length === 0) return undefined;
    const buffers = waiting.map((id) => `NBL#${id}`).join(', ');
    return one(`${c.caller} indicated ${nblText(c.NetBufferList)} while ${buffers}, posted before it, was not filled and completed`, [label]);
  },
});

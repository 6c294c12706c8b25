/** Data I/O requests (NdisOffloadTcpSend, Receive, Disconnect, Forward): on which connections, and what their handlers return. */
import { NDIS_STATUS, NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import { handleKey } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { nblText } from '../../ndis/NET_BUFFER_LIST.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { defineRule } from '../Rule.js';
import { one } from './helpers.js';

/** io-on-offloaded-connection */
export const ioOnOffloadedConnection = defineRule({
  id: 'io-on-offloaded-connection',
  crossing: 'io',
  summary: 'Data I/O (NdisOffloadTcpSend ...) names, by the caller\'s handle, a connection offloaded through that binding.',
  source: 'NdisOffloadTcpSend',
  onCrossing: (c, m) =>
    !m.ghost(c.binding, c.handle)
      ? one(`${c.fn} with handle ${handleKey(c.handle)}, which is not offloaded through this binding`, [c.handle.label])
      : undefined,
});

/** no-io-before-initiate-complete */
export const noIoBeforeInitiateComplete = defineRule({
  id: 'no-io-before-initiate-complete',
  crossing: 'io',
  summary: 'The host sends no data on a connection until its initiate offload has completed.',
  source: 'Processing Events That Occur During an Offload',
  onCrossing: (c, m) =>
    m.ghost(c.binding, c.handle)?.state === S.TcpConnectionOffloadStateOffloading
      ? one(`${c.fn} of ${nblText(c.NetBufferList)} while the connection is still Offloading`, [c.handle.label])
      : undefined,
});

/** no-io-after-terminate-started */
export const noIoAfterTerminateStarted = defineRule({
  id: 'no-io-after-terminate-started',
  crossing: 'io',
  summary: 'After NdisTerminateOffload for a connection the host posts no more sends or receives on it.',
  source: 'Terminating Offload State',
  onCrossing: (c, m) =>
    m.ghost(c.binding, c.handle)?.state === S.TcpConnectionOffloadStateUploading
      ? one(`${c.fn} of ${nblText(c.NetBufferList)} after the terminate started`, [c.handle.label])
      : undefined,
});

/** io-returns-pending */
export const ioReturnsPending = defineRule({
  id: 'io-returns-pending',
  crossing: 'ioReturn',
  summary: 'MiniportTcpOffloadSend (and the other data I/O handlers) always return NDIS_STATUS_PENDING; the result comes with the completion.',
  source: 'MiniportTcpOffloadSend',
  onCrossing: (c) =>
    c.Status !== NDIS_STATUS.NDIS_STATUS_PENDING ? one(`${c.callee} returned ${NdisStatusEnum.format(c.Status)} from ${c.fn}`, [c.handle.label]) : undefined,
});

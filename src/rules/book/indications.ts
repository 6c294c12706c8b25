/** Indications going up (NdisTcpOffloadEventHandler, NdisTcpOffloadReceiveHandler): legal arguments, for a known, offloaded connection. */
import { handleKey } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { nblText } from '../../ndis/NET_BUFFER_LIST.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE, TcpOffloadEventTypeEnum } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason, TcpUploadReasonEnum } from '../../ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE, tcpStateShortName } from '../../ndis/TCPSTATE.js';
import { HALF_CLOSED, type TcpStateCause } from '../monitor/TcpStateLedger.js';
import { defineRule } from '../Rule.js';
import { one } from './helpers.js';

/** event-type-legal */
export const eventTypeLegal = defineRule({
  id: 'event-type-legal',
  crossing: 'event',
  summary: 'EventType is a TCP_OFFLOAD_EVENT_TYPE: 1 (SendBacklogChange) to 4 (Abort).',
  source: 'NdisTcpOffloadEventHandler',
  onCrossing: (c) =>
    !TcpOffloadEventTypeEnum.isLegal(c.EventType) ? one(`EventType ${c.EventType} is not a TCP_OFFLOAD_EVENT_TYPE`, [c.handle.label]) : undefined,
});

/** upload-reason-legal */
export const uploadReasonLegal = defineRule({
  id: 'upload-reason-legal',
  crossing: 'event',
  summary: 'The EventSpecificInformation of TcpIndicateRetrieve is a TCP_UPLOAD_REASON from LowActivity (1) to HardwareFailure (11).',
  source: 'NdisTcpOffloadEventHandler',
  onCrossing: (c) =>
    c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve && !TcpUploadReasonEnum.isLegal(c.EventSpecificInformation)
      ? one(`TcpIndicateRetrieve with reason ${c.EventSpecificInformation}, not a TCP_UPLOAD_REASON`, [c.handle.label])
      : undefined,
});

/** indication-on-known-connection */
export const indicationOnKnownConnection = defineRule({
  id: 'indication-on-known-connection',
  crossing: ['event', 'receiveIndicate'],
  // Summaries are in the golden traces: an event indication and a receive indication are both "an indication".
  summary: 'An indication names, by the handle the layer above gave, a TCP connection offloaded through that binding.',
  source: 'Referencing Offloaded State Through an Intermediate Driver',
  onCrossing: (c, m) => {
    const g = m.ghost(c.binding, c.handle);
    if (!g) return one(`${c.caller} indicated with handle ${handleKey(c.handle)}, which ${c.callee} never offloaded through this binding`, [c.handle.label]);
    return g.layer !== 'Tcp' ? one(`indication for a ${g.layer.toLowerCase()} object; indications are for TCP connections only`, [g.label]) : undefined;
  },
});

/** no-indication-before-initiate-complete */
export const noIndicationBeforeInitiateComplete = defineRule({
  id: 'no-indication-before-initiate-complete',
  crossing: ['event', 'receiveIndicate'],
  summary: 'The target raises no indication for a connection before NdisMInitiateOffloadComplete for it has returned.',
  source: 'Processing Events That Occur During an Offload',
  onCrossing: (c, m) => {
    const g = m.ghost(c.binding, c.handle);
    if (g?.state !== S.TcpConnectionOffloadStateOffloading) return undefined;
    const what = c.kind === 'event' ? TcpOffloadEventTypeEnum.format(c.EventType) : `NdisTcpOffloadReceiveHandler(${nblText(c.NetBufferList)})`;
    return one(`${what} while the connection is still Offloading`, [g.label]);
  },
});

/** How a connection came to be half closed, as a violation's detail says it. */
const HOW: Record<TcpStateCause, string> = {
  'disconnect-indication': 'after TcpIndicateDisconnect',
  'fin-acknowledged': "once the target acknowledged the peer's FIN",
  'graceful-disconnect': 'after the graceful NdisOffloadTcpDisconnect',
  initiate: 'as it was offloaded',
  'disconnect-complete': 'once its FIN was acknowledged',
  reset: 'after a reset',
};

/** no-discretionary-retrieve-when-half-closed */
export const noDiscretionaryRetrieveWhenHalfClosed = defineRule({
  id: 'no-discretionary-retrieve-when-half-closed',
  crossing: 'event',
  // Judged on the TCP state (FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT: TcpStateLedger), not on TcpIndicateDisconnect alone; a
  // mandatory reason (the FIN_WAIT_2 timer's TimeoutExpiration) is allowed.
  summary: 'The target does not ask for an upload for an optional reason once the connection is half closed (FIN_WAIT_1, FIN_WAIT_2 or CLOSE_WAIT).',
  source: 'NdisTcpOffloadEventHandler',
  onCrossing: (c, m) => {
    if (c.EventType !== TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve || isMandatoryUploadReason(c.EventSpecificInformation)) return undefined;
    const g = m.ghost(c.binding, c.handle);
    const v = g?.layer === 'Tcp' ? m.tcp(g.label) : undefined;
    // A retrieve made before the connection became half closed, that crossed only now, is not judged.
    if (!g || !v || !HALF_CLOSED.has(v.state) || (v.exempt?.[c.binding] ?? 0) > 0) return undefined;
    const retrieve = `TcpIndicateRetrieve(${TcpUploadReasonEnum.format(c.EventSpecificInformation)})`;
    const how = v.cause === 'disconnect-indication' && v.state === TCPSTATE.TCPSTATE_CLOSE_WAIT ? HOW[v.cause] : `in ${tcpStateShortName(v.state)} (${HOW[v.cause]})`;
    return one(`${retrieve} ${how}`, [g.label]);
  },
});

/**
 * ProtocolTcpOffloadEvent — NDIS calls it when the target (through every intermediate driver) indicates
 * one of the four TCP_OFFLOAD_EVENT_TYPE events for an offloaded connection (reference §2.2-§2.3).
 */
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import { handleKey } from '../../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { TCP_OFFLOAD_EVENT_TYPE, TcpOffloadEventTypeEnum } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { answerRetrieve } from '../decisions/answerRetrieve.js';
import { uploadNowOrOwe } from '../decisions/uploadNowOrOwe.js';
import type { HostContext } from '../HostContext.js';
import { recordOfHandle } from '../hostHandles.js';
import { moveTcp } from '../tcp/moveTcp.js';
import { postHeldSends } from '../socket/send.js';

/** ProtocolTcpOffloadEvent: one of the four TCP_OFFLOAD_EVENT_TYPE indications for one connection. */
export function ProtocolTcpOffloadEvent(c: HostContext, event: ProtocolHandlerArgs['ProtocolTcpOffloadEvent']): void {
  const h = event.OffloadContext;
  const t = recordOfHandle(c.s, h);
  if (t?.kind !== 'Tcp') {
    c.report.decision(`ignores an indication with OffloadContext ${handleKey(h)}: not a handle it gave for a connection`);
    return;
  }
  const info = event.EventSpecificInformation;
  switch (event.EventType) {
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange:
      // The target's preferred amount of send data outstanding; the host keeps at most that much posted.
      t.sendBacklog = info;
      if (c.report.wanted) c.report.decision(`keeps ${info} bytes of send data outstanding at the target from now on`, t.label);
      postHeldSends(c, t);
      return;
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect:
      // The peer sent a FIN: the receive half is closed; the connection stays offloaded.
      t.disconnectIndicated = true;
      moveTcp(c, t, { type: 'TcpIndicateDisconnect' });
      return;
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve:
      // The target asks the host to upload the connection: mandatory reasons always, optional ones by policy.
      return answerRetrieve(c, t, info);
    case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort:
      // The peer sent an acceptable RST: the connection is gone; the host takes it back to delete the TCB.
      t.aborted = true;
      moveTcp(c, t, { type: 'TcpIndicateAbort' });
      uploadNowOrOwe(c, t, -1, 'the connection was reset');
      return;
    default:
      c.report.decision(`ignores EventType ${TcpOffloadEventTypeEnum.format(event.EventType)}: not a TCP_OFFLOAD_EVENT_TYPE`, t.label);
  }
}

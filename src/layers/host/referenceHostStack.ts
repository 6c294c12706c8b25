/**
 * The reference host TCP/IP stack: a table of the handlers NDIS calls directly (its Protocol* handlers,
 * one file each under protocol/) and of the commands the simulation gives it (the application, under
 * socket/, and the host's own decisions, under decisions/). Its adapter state (`OffloadEnabled`, or
 * `OffloadPaused` after NDIS_STATUS_OFFLOAD_PAUSE / NDIS_STATUS_UPLOAD_ALL until
 * NDIS_STATUS_OFFLOAD_RESUME, reference §6.10) follows adapterStateMachine. Per connection it keeps a
 * TCB whose TCP and offload regions follow their own machines (tcpStateMachine, offloadStateMachine).
 * Its state is plain data (HostState); a handler gets it with the services it uses (HostContext).
 */
import { addConnection } from './addConnection.js';
import { initiateOffload } from './decisions/initiateOffload.js';
import { invalidateOffload } from './decisions/invalidateOffload.js';
import { queryOffload } from './decisions/queryOffload.js';
import { relinkPath } from './decisions/relinkPath.js';
import { terminateOffload } from './decisions/terminateOffload.js';
import { updateOffload } from './decisions/updateOffload.js';
import { updateNeighborMac, updatePathMtu } from './decisions/updatePathOrNeighbor.js';
import { uploadAll } from './decisions/uploadAll.js';
import type { HostStackHandlers } from './HostStackHandlers.js';
import { tcbNamed, tcbsNamed } from './lookup.js';
import { ProtocolIndicateOffloadEvent } from './protocol/ProtocolIndicateOffloadEvent.js';
import { ProtocolInitiateOffloadComplete } from './protocol/ProtocolInitiateOffloadComplete.js';
import { ProtocolInvalidateOffloadComplete } from './protocol/ProtocolInvalidateOffloadComplete.js';
import { ProtocolQueryOffloadComplete } from './protocol/ProtocolQueryOffloadComplete.js';
import { ProtocolReceiveNetBufferLists } from './protocol/ProtocolReceiveNetBufferLists.js';
import { ProtocolStatusEx } from './protocol/ProtocolStatusEx.js';
import { ProtocolTcpOffloadDisconnectComplete } from './protocol/ProtocolTcpOffloadDisconnectComplete.js';
import { ProtocolTcpOffloadEvent } from './protocol/ProtocolTcpOffloadEvent.js';
import { ProtocolTcpOffloadForwardComplete } from './protocol/ProtocolTcpOffloadForwardComplete.js';
import { ProtocolTcpOffloadReceiveComplete } from './protocol/ProtocolTcpOffloadReceiveComplete.js';
import { ProtocolTcpOffloadReceiveIndicate } from './protocol/ProtocolTcpOffloadReceiveIndicate.js';
import { ProtocolTcpOffloadSendComplete } from './protocol/ProtocolTcpOffloadSendComplete.js';
import { ProtocolTerminateOffloadComplete } from './protocol/ProtocolTerminateOffloadComplete.js';
import { ProtocolUpdateOffloadComplete } from './protocol/ProtocolUpdateOffloadComplete.js';
import { disconnect } from './socket/disconnect.js';
import { postReceive } from './socket/postReceive.js';
import { read } from './socket/read.js';
import { send } from './socket/send.js';
import { timerExpired } from './tcp/timeWait.js';
import { isHostRetransmitTimerContext, retransmitTimerExpiredInHost } from './tcp/retransmit.js';
import { isPersistTimerContext, persistExpiredInHost } from './tcp/persistInHost.js';

/** The host stack's handlers, by the name NDIS (or the simulation) calls them with. */
export const referenceHostStack: HostStackHandlers = {
  AddConnection: (c, e) => addConnection(c.s, e.connection),
  Offload: (c, e) => {
    if (c.s.paused) {
      c.report.decision(`does not offload ${e.connections.map((id) => `tcp ${id}`).join(', ')}: the target paused offloads (no NDIS_STATUS_OFFLOAD_RESUME yet)`);
      return;
    }
    initiateOffload(c, tcbsNamed(c.s, e.connections));
  },
  Upload: (c, e) => terminateOffload(c, tcbsNamed(c.s, e.connections)),
  UploadAll: (c) => uploadAll(c, false),
  Update: (c, e) => updateOffload(c, tcbNamed(c.s, e.connection), e.Cached),
  UpdatePathMtu: (c, e) => updatePathMtu(c, tcbNamed(c.s, e.connection), e.PathMtu),
  UpdateNeighborMac: (c, e) => updateNeighborMac(c, tcbNamed(c.s, e.connection), e.DlDestinationAddress),
  Invalidate: (c, e) => invalidateOffload(c, tcbNamed(c.s, e.connection), e.layer),
  Query: (c, e) => queryOffload(c, tcbNamed(c.s, e.connection)),
  Relink: (c, e) => relinkPath(c, tcbNamed(c.s, e.connection), e.nextHop),
  Send: (c, e) => send(c, tcbNamed(c.s, e.connection), e.bytes),
  Disconnect: (c, e) => disconnect(c, tcbNamed(c.s, e.connection), e.abortive),
  PostReceive: (c, e) => postReceive(c, tcbNamed(c.s, e.connection), e.bytes, e.noPush),
  Read: (c, e) => read(c, tcbNamed(c.s, e.connection), e.bytes),
  TimerExpired: (c, e) =>
    isHostRetransmitTimerContext(e.FunctionContext) ? retransmitTimerExpiredInHost(c, e.FunctionContext)
    : isPersistTimerContext(e.FunctionContext) ? persistExpiredInHost(c, e.FunctionContext)
    : timerExpired(c, e.FunctionContext),
  ProtocolTcpOffloadSendComplete,
  ProtocolTcpOffloadReceiveComplete,
  ProtocolTcpOffloadReceiveIndicate,
  ProtocolTcpOffloadForwardComplete,
  ProtocolTcpOffloadDisconnectComplete,
  ProtocolReceiveNetBufferLists,
  ProtocolInitiateOffloadComplete,
  ProtocolTerminateOffloadComplete,
  ProtocolUpdateOffloadComplete,
  ProtocolInvalidateOffloadComplete,
  ProtocolQueryOffloadComplete,
  ProtocolTcpOffloadEvent,
  ProtocolIndicateOffloadEvent,
  ProtocolStatusEx,
};

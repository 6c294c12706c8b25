/**
 * The application writes (reference §6.1, §6.6): its bytes become send NBLs. Offloaded, they are posted
 * to the target with NdisOffloadTcpSend; otherwise the host queues them and its own TCP transmits them.
 */
import { nblEnd, type NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../../ndis/NDIS_STATUS.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { postsToTarget } from '../decisions/postsToTarget.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from '../tcp/Tcb.js';
import { streamOf } from '../tcp/TcbStream.js';
import { transmitInHost } from '../tcp/transmitInHost.js';

/** RFC 793 states in which this side may still send data (its FIN not yet sent). */
const SENDING_STATES = new Set<number>([TCPSTATE.TCPSTATE_ESTABLISHED, TCPSTATE.TCPSTATE_CLOSE_WAIT, TCPSTATE.TCPSTATE_SYN_RCVD]);

/** The application writes `bytes` bytes. */
export function send(c: HostContext, t: Tcb, bytes: number): void {
  const s = streamOf(t);
  const nbl = c.ndis.NdisAllocateNetBufferList(t.label, s.appBytes, bytes);
  nbl.ProtocolReserved = t.label;
  s.appBytes += bytes;
  if (t.aborted || s.closeOwed !== 0 || !SENDING_STATES.has(t.tcp)) {
    // A write to a reset or closed send half fails: those bytes go nowhere, and are counted as discarded.
    s.discarded.push([nbl.DataOffset, nblEnd(nbl)]);
    return;
  }
  if (postsToTarget(t)) postSend(c, t, nbl);
  else {
    s.sendQueue = [...s.sendQueue, nbl];
    transmitInHost(c, t);
  }
}

/** Offloaded: one send NBL goes to the target with NdisOffloadTcpSend (it completes later: NDIS_STATUS_PENDING). */
export function postSend(c: HostContext, t: Tcb, nbl: NET_BUFFER_LIST): void {
  nbl.Next = null;
  const status = c.ndis.NdisOffloadTcpSend(t.handle, nbl);
  if (status !== NDIS_STATUS.NDIS_STATUS_PENDING && c.report.wanted) {
    c.report.decision(`NdisOffloadTcpSend returned ${NdisStatusEnum.format(status)}, not NDIS_STATUS_PENDING`, t.label);
  }
}

/**
 * The application writes (reference §6.1, §6.6): its bytes become send NBLs. Offloaded, they are posted
 * to the target with NdisOffloadTcpSend, keeping at most the optimum backlog the target last indicated
 * (TcpIndicateSendBacklogChange, reference §5 and §6.10) outstanding there: the rest waits in the host
 * and is posted as send completions come back. Otherwise the host queues them and its own TCP transmits them.
 */
import { nblEnd, type NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../../ndis/NDIS_STATUS.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { postsToTarget } from '../decisions/postsToTarget.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from '../tcp/Tcb.js';
import { streamOf } from '../tcp/TcbStream.js';
import { transmitInHost } from '../tcp/transmitInHost.js';
import { closeOwed } from './disconnect.js';

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
  s.sendQueue = [...s.sendQueue, nbl];
  if (postsToTarget(t)) postHeldSends(c, t);
  else transmitInHost(c, t);
}

/**
 * Offloaded: posts the send NBLs the host holds, in stream order, while the bytes outstanding at the
 * target stay within the optimum backlog (0: none indicated yet, no limit). One NBL is always posted
 * when nothing is outstanding, even if it alone is larger (a choice where the reference is silent: the
 * host does not split the application's writes). Once nothing is held, a close the application asked
 * for meanwhile follows the data (its FIN after the last byte).
 */
export function postHeldSends(c: HostContext, t: Tcb): void {
  const s = streamOf(t);
  if (!postsToTarget(t)) return;
  // A send can complete at once (an intermediate driver that cannot pass it down) and start an upload: checked each time.
  while (s.sendQueue.length > 0 && postsToTarget(t)) {
    const nbl = s.sendQueue[0]!;
    if (t.sendBacklog > 0 && s.sendOutstanding > 0 && s.sendOutstanding + nbl.DataLength > t.sendBacklog) break;
    s.sendQueue = s.sendQueue.slice(1);
    postSend(c, t, nbl);
  }
  if (s.sendQueue.length === 0) closeOwed(c, t);
  else if (postsToTarget(t) && c.report.wanted) {
    const held = s.sendQueue.reduce((n, x) => n + x.DataLength, 0);
    c.report.decision(`holds ${held} bytes back: ${s.sendOutstanding} outstanding at the target, optimum send backlog ${t.sendBacklog}`, t.label);
  }
}

/** Offloaded: one send NBL goes to the target with NdisOffloadTcpSend (it completes later: NDIS_STATUS_PENDING). */
export function postSend(c: HostContext, t: Tcb, nbl: NET_BUFFER_LIST): void {
  nbl.Next = null;
  streamOf(t).sendOutstanding += nbl.DataLength;
  const status = c.ndis.NdisOffloadTcpSend(t.handle, nbl);
  if (status !== NDIS_STATUS.NDIS_STATUS_PENDING && c.report.wanted) {
    c.report.decision(`NdisOffloadTcpSend returned ${NdisStatusEnum.format(status)}, not NDIS_STATUS_PENDING`, t.label);
  }
}

/**
 * A CLOSED TCB in the host is deleted (RFC 793: "delete the TCB"; an RST, the ACK of the FIN in LAST_ACK,
 * an abortive close, the end of TIME_WAIT): it leaves the connection table, so GetTcpTable2 shows its
 * MIB_TCP_STATE_DELETE_TCB row only while it is still offloaded or being uploaded. One still offloaded
 * is deleted once its upload completes (ProtocolTerminateOffloadComplete).
 */
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from './Tcb.js';

/** Deletes the TCB if it is CLOSED and in the host; true when it is deleted (now or before). */
export function deleteClosedTcb(c: HostContext, t: Tcb, why = 'it is CLOSED'): boolean {
  if (t.deleted) return true;
  if (t.tcp !== TCPSTATE.TCPSTATE_CLOSED || t.offload !== S.TcpConnectionOffloadStateInHost) return false;
  t.deleted = true;
  if (c.report.wanted) c.report.decision(`deletes the TCB of ${t.label} (${why}): it leaves the connection table`, t.label);
  return true;
}

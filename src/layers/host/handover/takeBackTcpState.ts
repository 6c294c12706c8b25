/**
 * The host takes back the TCP state a terminate hands over (reference §3.2: delegated variables are
 * returned on terminate, §6.2 step 2): the RFC 793 State the target reached — CLOSE_WAIT when it took the
 * peer's FIN and had not indicated it yet, TIME_WAIT, … — and, for the next offload, the windows,
 * congestion and RTT state, timestamps, counters and timers. The sequence variables come back through
 * the send and receive sides (afterTerminate, receiveAfterTerminate).
 */
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../ndis/stateStructures.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import { nextTcpState } from '../../../machines/tcpStateMachine.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from '../tcp/Tcb.js';
import { streamOf } from '../tcp/TcbStream.js';
import { startTimeWait } from '../tcp/timeWait.js';

/** States in which this side's FIN is sent and not yet acknowledged: the host must know where it sits to see its ACK. */
const OWN_FIN_UNACKED: ReadonlySet<number> = new Set([TCPSTATE.TCPSTATE_FIN_WAIT_1, TCPSTATE.TCPSTATE_CLOSING, TCPSTATE.TCPSTATE_LAST_ACK]);

/** The terminate succeeded: the TCB's RFC 793 state is the one the target hands back. */
export function takeBackTcpState(c: HostContext, t: Tcb, returned: TCP_OFFLOAD_STATE_DELEGATED | null): void {
  if (!returned || t.aborted) return; // a reset or lost connection is CLOSED already
  const State = withHostClose(t.tcp, returned.State);
  if (State !== t.tcp && State >= TCPSTATE.TCPSTATE_CLOSED && State < TCPSTATE.TCPSTATE_MAX) {
    const from = t.tcp;
    t.tcp = State;
    c.report.stateChange(t.label, 'tcp', from, State, 'TCP_OFFLOAD_STATE_DELEGATED.State');
  }
  if (OWN_FIN_UNACKED.has(State) && returned.SndMax > 0) {
    // The target sent the FIN: it took the last sequence number sent (SndMax - 1).
    const s = streamOf(t);
    if (s.finSeq < 0) s.finSeq = returned.SndMax - 1;
  }
  startTimeWait(c, t); // back in TIME_WAIT (the target asked for the upload when it got there): the 2MSL timer
}

/**
 * The state the host takes back. A graceful close the target gave back (its NdisOffloadTcpDisconnect
 * completed NDIS_STATUS_UPLOAD_IN_PROGRESS: the host finishes it) never reached the target's TCP, so the
 * State it returns does not have it: the host's close still stands on it (RFC 793 CLOSE call: ESTABLISHED
 * or SYN_RCVD → FIN_WAIT_1, CLOSE_WAIT → LAST_ACK). The host, in FIN_WAIT_1 or LAST_ACK, sees a State from
 * which its close leads there; the target cannot have been in one of those without taking the close.
 */
function withHostClose(host: number, returned: number): number {
  if (host !== TCPSTATE.TCPSTATE_FIN_WAIT_1 && host !== TCPSTATE.TCPSTATE_LAST_ACK) return returned;
  const closed = returned === TCPSTATE.TCPSTATE_SYN_SENT ? undefined : nextTcpState(returned, { type: 'GracefulClose' });
  return closed ?? returned;
}

/**
 * The delegated variables the host hands down again on the next offload, as it took them back: every
 * field but the State and the sequence numbers (the host's own, which moved on while it had the connection).
 */
export function keptTcpVariables(returned: Readonly<TCP_OFFLOAD_STATE_DELEGATED>): Partial<TCP_OFFLOAD_STATE_DELEGATED> {
  const { RcvWnd, SndWnd, MaxSndWnd, CWnd, SsThresh, SRtt, RttVar, TsRecent, TsRecentAge, TsTime, TotalRT, DupAckCount, SndWndProbeCount, DWnd } = returned;
  return {
    RcvWnd, SndWnd, MaxSndWnd, CWnd, SsThresh, SRtt, RttVar, TsRecent, TsRecentAge, TsTime, TotalRT, DupAckCount, SndWndProbeCount, DWnd,
    KeepAlive: { ...returned.KeepAlive }, Retransmit: { ...returned.Retransmit },
  };
}

/** The TCP state structures the host hands down: its cached variables, and a fresh delegated structure. */
import { TIMER_NOT_RUNNING } from '../../../ndis/flags.js';
import type { TCP_OFFLOAD_STATE_CACHED, TCP_OFFLOAD_STATE_DELEGATED } from '../../../ndis/stateStructures.js';
import type { TCP_OFFLOAD_CONNECTION_STATE } from '../../../ndis/TCPSTATE.js';

/** The cached TCP variables the host offloads with (the same for every connection here). */
export const DEFAULT_TCP_CACHED: Readonly<TCP_OFFLOAD_STATE_CACHED> = Object.freeze({
  Flags: 0, InitialRcvWnd: 65535, RcvIndicationSize: 0, KaProbeCount: 10, KaTimeout: 7_200_000, KaInterval: 1000,
  MaxRT: 0, FlowLabel: 0, TtlOrHopLimit: 128, TosOrTrafficClass: 0, UserPriority: 0,
});

/** A fresh delegated TCP structure: the initial values on initiate, or the slot the target fills on terminate/query. */
export function delegatedTcpState(State: number): TCP_OFFLOAD_STATE_DELEGATED {
  return {
    State: State as TCP_OFFLOAD_CONNECTION_STATE, Flags: 0, RcvNxt: 0, RcvWnd: 65535, SndUna: 0, SndNxt: 0, SndMax: 0,
    SndWnd: 65535, MaxSndWnd: 65535, SendWL1: 0, CWnd: 14600, SsThresh: 65535, SRtt: 0, RttVar: 0, TsRecent: 0,
    TsRecentAge: 0, TsTime: 0, TotalRT: 0, DupAckCount: 0, SndWndProbeCount: 0,
    KeepAlive: { ProbeCount: 0, TimeoutDelta: TIMER_NOT_RUNNING }, Retransmit: { Count: 0, TimeoutDelta: TIMER_NOT_RUNNING }, DWnd: 0,
  };
}

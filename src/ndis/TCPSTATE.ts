/**
 * The three numberings of the RFC 793 state and the mapping between them (reference §2.6, §11.1, §11.2):
 * `TCPSTATE` (mstcpip.h, 0-based), `TCP_OFFLOAD_CONNECTION_STATE` (ndischimney.h, same numbering,
 * carried in the delegated TCP state) and `MIB_TCP_STATE` (tcpmib.h, 1-based, plus DELETE_TCB).
 */
import { defineEnumeration, type ValueOf } from './enumeration.js';

export const TCPSTATE = {
  TCPSTATE_CLOSED: 0,
  TCPSTATE_LISTEN: 1,
  TCPSTATE_SYN_SENT: 2,
  TCPSTATE_SYN_RCVD: 3,
  TCPSTATE_ESTABLISHED: 4,
  TCPSTATE_FIN_WAIT_1: 5,
  TCPSTATE_FIN_WAIT_2: 6,
  TCPSTATE_CLOSE_WAIT: 7,
  TCPSTATE_CLOSING: 8,
  TCPSTATE_LAST_ACK: 9,
  TCPSTATE_TIME_WAIT: 10,
  /** Sentinel. */
  TCPSTATE_MAX: 11,
} as const;
export type TCPSTATE = ValueOf<typeof TCPSTATE>;
export const TcpStateEnum = defineEnumeration('TCPSTATE', TCPSTATE, { sentinels: ['TCPSTATE_MAX'] });

export const TCP_OFFLOAD_CONNECTION_STATE = {
  TcpConnectionClosed: 0,
  TcpConnectionListen: 1,
  TcpConnectionSynSent: 2,
  TcpConnectionSynRcvd: 3,
  TcpConnectionEstablished: 4,
  TcpConnectionFinWait1: 5,
  TcpConnectionFinWait2: 6,
  TcpConnectionCloseWait: 7,
  TcpConnectionClosing: 8,
  TcpConnectionLastAck: 9,
  TcpConnectionTimeWait: 10,
  /** Sentinel. */
  TcpConnectionMaxState: 11,
} as const;
export type TCP_OFFLOAD_CONNECTION_STATE = ValueOf<typeof TCP_OFFLOAD_CONNECTION_STATE>;
export const TcpOffloadConnectionStateEnum = defineEnumeration(
  'TCP_OFFLOAD_CONNECTION_STATE',
  TCP_OFFLOAD_CONNECTION_STATE,
  { sentinels: ['TcpConnectionMaxState'] },
);

export const MIB_TCP_STATE = {
  MIB_TCP_STATE_CLOSED: 1,
  MIB_TCP_STATE_LISTEN: 2,
  MIB_TCP_STATE_SYN_SENT: 3,
  MIB_TCP_STATE_SYN_RCVD: 4,
  MIB_TCP_STATE_ESTAB: 5,
  MIB_TCP_STATE_FIN_WAIT1: 6,
  MIB_TCP_STATE_FIN_WAIT2: 7,
  MIB_TCP_STATE_CLOSE_WAIT: 8,
  MIB_TCP_STATE_CLOSING: 9,
  MIB_TCP_STATE_LAST_ACK: 10,
  MIB_TCP_STATE_TIME_WAIT: 11,
  /** The TCB is being deleted. No TCPSTATE counterpart. */
  MIB_TCP_STATE_DELETE_TCB: 12,
  /** Newer headers only. */
  MIB_TCP_STATE_RESERVED: 100,
} as const;
export type MIB_TCP_STATE = ValueOf<typeof MIB_TCP_STATE>;
export const MibTcpStateEnum = defineEnumeration('MIB_TCP_STATE', MIB_TCP_STATE, {
  sentinels: ['MIB_TCP_STATE_RESERVED'],
});

/** `MIB_TCP_STATE` for a TCPSTATE: CLOSED..TIME_WAIT map to TCPSTATE + 1. */
export function mibTcpStateOf(state: TCPSTATE): MIB_TCP_STATE {
  if (!TcpStateEnum.isLegal(state)) throw new RangeError(`TCPSTATE ${state} has no MIB_TCP_STATE`);
  return (state + 1) as MIB_TCP_STATE;
}

/** TCPSTATE for a MIB_TCP_STATE, or undefined for DELETE_TCB and RESERVED (no counterpart). */
export function tcpStateOfMib(state: MIB_TCP_STATE): TCPSTATE | undefined {
  return state >= MIB_TCP_STATE.MIB_TCP_STATE_CLOSED && state <= MIB_TCP_STATE.MIB_TCP_STATE_TIME_WAIT
    ? ((state - 1) as TCPSTATE)
    : undefined;
}

/** The RFC 793 spelling used by the SDK sample (`ESTABLISHED`, `CLOSE-WAIT`, `DELETE-TCB`). */
export const MIB_TCP_STATE_TEXT: Readonly<Record<number, string>> = {
  1: 'CLOSED',
  2: 'LISTEN',
  3: 'SYN-SENT',
  4: 'SYN-RECEIVED',
  5: 'ESTABLISHED',
  6: 'FIN-WAIT-1',
  7: 'FIN-WAIT-2',
  8: 'CLOSE-WAIT',
  9: 'CLOSING',
  10: 'LAST-ACK',
  11: 'TIME-WAIT',
  12: 'DELETE-TCB',
};

/** The TCP_OFFLOAD_CONNECTION_STATE of a TCPSTATE (the same numbering), or undefined for one it has not (DELETE_TCB). */
export function tcpOffloadConnectionStateOf(state: number): TCP_OFFLOAD_CONNECTION_STATE | undefined {
  return TcpOffloadConnectionStateEnum.isLegal(state) ? state : undefined;
}

/** Short narration name of a TCPSTATE: `ESTABLISHED`, `CLOSE_WAIT`. */
export function tcpStateShortName(state: number): string {
  return TcpStateEnum.nameOf(state)?.replace('TCPSTATE_', '') ?? `<unknown ${state}>`;
}

/**
 * The RFC 793 states in which the host may offload a connection (reference §3.3,
 * TCP_OFFLOAD_STATE_DELEGATED.State): not CLOSED, LISTEN, SYN_SENT, SYN_RCVD or TIME_WAIT.
 */
const OFFLOADABLE_TCP_STATES: ReadonlySet<number> = new Set<number>([
  TCPSTATE.TCPSTATE_ESTABLISHED,
  TCPSTATE.TCPSTATE_FIN_WAIT_1,
  TCPSTATE.TCPSTATE_FIN_WAIT_2,
  TCPSTATE.TCPSTATE_CLOSE_WAIT,
  TCPSTATE.TCPSTATE_CLOSING,
  TCPSTATE.TCPSTATE_LAST_ACK,
]);

/** True when the host may offload a connection in this TCPSTATE / TCP_OFFLOAD_CONNECTION_STATE. */
export function isOffloadableTcpState(state: number): boolean {
  return OFFLOADABLE_TCP_STATES.has(state);
}

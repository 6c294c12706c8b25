/** TCPSTATE, TCP_OFFLOAD_CONNECTION_STATE and MIB_TCP_STATE (reference §2.6, §11.1, §11.2) and their mapping. */
import { describe, expect, it } from 'vitest';
import {
  MIB_TCP_STATE,
  MIB_TCP_STATE_TEXT,
  mibTcpStateOf,
  MibTcpStateEnum,
  TCP_OFFLOAD_CONNECTION_STATE,
  TcpOffloadConnectionStateEnum,
  TCPSTATE,
  TcpStateEnum,
  tcpStateOfMib,
  tcpStateShortName,
  type TCPSTATE as TcpStateValue,
} from '../../../src/ndis/TCPSTATE.js';

// [TCPSTATE name, TCPSTATE value, TCP_OFFLOAD_CONNECTION_STATE name, MIB_TCP_STATE name, MIB value, sample text]
const STATES = [
  ['TCPSTATE_CLOSED', 0, 'TcpConnectionClosed', 'MIB_TCP_STATE_CLOSED', 1, 'CLOSED'],
  ['TCPSTATE_LISTEN', 1, 'TcpConnectionListen', 'MIB_TCP_STATE_LISTEN', 2, 'LISTEN'],
  ['TCPSTATE_SYN_SENT', 2, 'TcpConnectionSynSent', 'MIB_TCP_STATE_SYN_SENT', 3, 'SYN-SENT'],
  ['TCPSTATE_SYN_RCVD', 3, 'TcpConnectionSynRcvd', 'MIB_TCP_STATE_SYN_RCVD', 4, 'SYN-RECEIVED'],
  ['TCPSTATE_ESTABLISHED', 4, 'TcpConnectionEstablished', 'MIB_TCP_STATE_ESTAB', 5, 'ESTABLISHED'],
  ['TCPSTATE_FIN_WAIT_1', 5, 'TcpConnectionFinWait1', 'MIB_TCP_STATE_FIN_WAIT1', 6, 'FIN-WAIT-1'],
  ['TCPSTATE_FIN_WAIT_2', 6, 'TcpConnectionFinWait2', 'MIB_TCP_STATE_FIN_WAIT2', 7, 'FIN-WAIT-2'],
  ['TCPSTATE_CLOSE_WAIT', 7, 'TcpConnectionCloseWait', 'MIB_TCP_STATE_CLOSE_WAIT', 8, 'CLOSE-WAIT'],
  ['TCPSTATE_CLOSING', 8, 'TcpConnectionClosing', 'MIB_TCP_STATE_CLOSING', 9, 'CLOSING'],
  ['TCPSTATE_LAST_ACK', 9, 'TcpConnectionLastAck', 'MIB_TCP_STATE_LAST_ACK', 10, 'LAST-ACK'],
  ['TCPSTATE_TIME_WAIT', 10, 'TcpConnectionTimeWait', 'MIB_TCP_STATE_TIME_WAIT', 11, 'TIME-WAIT'],
] as const;

describe('TCPSTATE (§11.1)', () => {
  it('has exactly CLOSED=0 .. TIME_WAIT=10 and the TCPSTATE_MAX=11 sentinel', () => {
    expect(TCPSTATE).toEqual({ ...Object.fromEntries(STATES.map(([name, value]) => [name, value])), TCPSTATE_MAX: 11 });
    expect(TcpStateEnum.isLegal(11)).toBe(false);
    expect(TcpStateEnum.isLegal(10)).toBe(true);
  });

  it('short names drop the prefix', () => {
    expect(tcpStateShortName(TCPSTATE.TCPSTATE_CLOSE_WAIT)).toBe('CLOSE_WAIT');
    expect(tcpStateShortName(42)).toBe('<unknown 42>');
  });
});

describe('TCP_OFFLOAD_CONNECTION_STATE (§2.6)', () => {
  it('uses the TCPSTATE numbering, with TcpConnectionMaxState=11 a sentinel', () => {
    expect(TCP_OFFLOAD_CONNECTION_STATE).toEqual({
      ...Object.fromEntries(STATES.map(([, value, name]) => [name, value])),
      TcpConnectionMaxState: 11,
    });
    expect(TcpOffloadConnectionStateEnum.isLegal(11)).toBe(false);
  });
});

describe('MIB_TCP_STATE (§11.2)', () => {
  it('has exactly CLOSED=1 .. TIME_WAIT=11, DELETE_TCB=12 and RESERVED=100', () => {
    expect(MIB_TCP_STATE).toEqual({
      ...Object.fromEntries(STATES.map(([, , , name, value]) => [name, value])),
      MIB_TCP_STATE_DELETE_TCB: 12,
      MIB_TCP_STATE_RESERVED: 100,
    });
    expect(MibTcpStateEnum.isLegal(12)).toBe(true);
    expect(MibTcpStateEnum.format(5)).toBe('MIB_TCP_STATE_ESTAB (5)');
  });

  it.each(STATES)('%s (%i) <-> %s / %s (%i)', (tcpName, tcpValue, offloadName, mibName, mibValue) => {
    expect(mibTcpStateOf(TCPSTATE[tcpName])).toBe(MIB_TCP_STATE[mibName]);
    expect(mibTcpStateOf(tcpValue)).toBe(mibValue);
    expect(tcpStateOfMib(mibValue)).toBe(tcpValue);
    expect(TCP_OFFLOAD_CONNECTION_STATE[offloadName] + 1).toBe(mibValue);
  });

  it('DELETE_TCB and RESERVED have no TCPSTATE', () => {
    expect(tcpStateOfMib(MIB_TCP_STATE.MIB_TCP_STATE_DELETE_TCB)).toBeUndefined();
    expect(tcpStateOfMib(MIB_TCP_STATE.MIB_TCP_STATE_RESERVED)).toBeUndefined();
  });

  it('TCPSTATE_MAX and non-members have no MIB_TCP_STATE', () => {
    expect(() => mibTcpStateOf(TCPSTATE.TCPSTATE_MAX)).toThrow(RangeError);
    expect(() => mibTcpStateOf(-1 as TcpStateValue)).toThrow(RangeError);
  });

  it('MIB_TCP_STATE_TEXT is the SDK sample\'s spelling for 1..12 (without its FIN-WAIT-2 trailing space)', () => {
    expect(MIB_TCP_STATE_TEXT).toEqual({
      ...Object.fromEntries(STATES.map(([, , , , value, text]) => [value, text])),
      12: 'DELETE-TCB',
    });
  });
});

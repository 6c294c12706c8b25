/** The SDK sample's printout (seed 004), reproduced byte for byte, trailing spaces included. */
import { describe, expect, it } from 'vitest';
import { MIB_TCP_STATE } from '../../../src/ndis/TCPSTATE.js';
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { NO_ERROR } from '../../../src/ndis/win32Error.js';
import {
  formatTcpTable2,
  GetTcpTable2,
  readTcpTable2,
  toMibTcpRow2,
  type TcpTableEntry,
} from '../../../src/table/index.js';
import { entry } from './fixtures.js';

/** Runs the sample's two calls and prints what it would print. */
function sample(entries: readonly TcpTableEntry[]): string {
  const size = { value: 0 };
  GetTcpTable2(entries, null, size, true);
  const buffer = new ArrayBuffer(size.value);
  expect(GetTcpTable2(entries, buffer, size, true)).toBe(NO_ERROR);
  return formatTcpTable2(readTcpTable2(buffer));
}

/** The line of row 0 that starts with `label:`. */
function stateLine(table: string, label: 'State' | 'Offload State'): string | undefined {
  return table.split('\n').find((line) => line.startsWith(`\tTCP[0] ${label}:`));
}

describe('formatTcpTable2', () => {
  it('prints a one-row table exactly like the SDK sample', () => {
    const table = sample([entry({ state: MIB_TCP_STATE.MIB_TCP_STATE_CLOSE_WAIT })]);
    expect(table).toBe(
      '\tNumber of entries: 1\n' +
        '\n' +
        '\tTCP[0] State: 8 - CLOSE-WAIT\n' +
        '\tTCP[0] Local Addr: 10.0.0.1\n' +
        '\tTCP[0] Local Port: 49152 \n' +
        '\tTCP[0] Remote Addr: 10.0.0.2\n' +
        '\tTCP[0] Remote Port: 80\n' +
        '\tTCP[0] Owning PID: 1234\n' +
        '\tTCP[0] Offload State: 2 - Offloaded to the network interface control',
    );
  });

  it('prints an empty table as the count line only', () => {
    expect(formatTcpTable2([])).toBe('\tNumber of entries: 0');
  });

  it('numbers the rows and puts a blank line before each', () => {
    const lines = sample([entry({ owningPid: 1 }), entry({ owningPid: 2, localPort: 50000 })]).split('\n');
    expect(lines[0]).toBe('\tNumber of entries: 2');
    expect(lines).toHaveLength(1 + 2 * 8);
    expect(lines[1]).toBe('');
    expect(lines[9]).toBe('');
    expect(lines[10]).toBe('\tTCP[1] State: 5 - ESTABLISHED');
    expect(lines[12]).toBe('\tTCP[1] Local Port: 50000 ');
  });

  it.each([
    [MIB_TCP_STATE.MIB_TCP_STATE_CLOSED, '1 - CLOSED'],
    [MIB_TCP_STATE.MIB_TCP_STATE_LISTEN, '2 - LISTEN'],
    [MIB_TCP_STATE.MIB_TCP_STATE_SYN_SENT, '3 - SYN-SENT'],
    [MIB_TCP_STATE.MIB_TCP_STATE_SYN_RCVD, '4 - SYN-RECEIVED'],
    [MIB_TCP_STATE.MIB_TCP_STATE_ESTAB, '5 - ESTABLISHED'],
    [MIB_TCP_STATE.MIB_TCP_STATE_FIN_WAIT1, '6 - FIN-WAIT-1'],
    [MIB_TCP_STATE.MIB_TCP_STATE_FIN_WAIT2, '7 - FIN-WAIT-2 '],
    [MIB_TCP_STATE.MIB_TCP_STATE_CLOSE_WAIT, '8 - CLOSE-WAIT'],
    [MIB_TCP_STATE.MIB_TCP_STATE_CLOSING, '9 - CLOSING'],
    [MIB_TCP_STATE.MIB_TCP_STATE_LAST_ACK, '10 - LAST-ACK'],
    [MIB_TCP_STATE.MIB_TCP_STATE_TIME_WAIT, '11 - TIME-WAIT'],
    [MIB_TCP_STATE.MIB_TCP_STATE_DELETE_TCB, '12 - DELETE-TCB'],
    [MIB_TCP_STATE.MIB_TCP_STATE_RESERVED, '100 - UNKNOWN dwState value: 100'],
  ])('state %i prints as the sample\'s case text %j', (state, text) => {
    expect(stateLine(sample([entry({ state })]), 'State')).toBe(`\tTCP[0] State: ${text}`);
  });

  it.each([
    [TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateInHost, '0 - Owned by the network stack and not offloaded '],
    [TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloading, '1 - In the process of being offloaded'],
    [TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloaded, '2 - Offloaded to the network interface control'],
    [
      TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateUploading,
      '3 - In the process of being uploaded back to the network stack ',
    ],
    [TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateMax, '4 - UNKNOWN Offload state value'],
  ])('offload state %i prints as the sample\'s case text %j', (offloadState, text) => {
    expect(stateLine(sample([entry({ offloadState })]), 'Offload State')).toBe(`\tTCP[0] Offload State: ${text}`);
  });

  it('prints %d / %ld fields as signed 32-bit, as printf does on Windows', () => {
    const row = { ...toMibTcpRow2(entry()), dwState: 0xffffffff, dwOwningPid: 0x80000000 };
    const lines = formatTcpTable2([row]).split('\n');
    expect(lines[2]).toBe('\tTCP[0] State: -1 - UNKNOWN dwState value: -1');
    expect(lines[7]).toBe('\tTCP[0] Owning PID: -2147483648');
  });

  it('reads ports through ntohs of the low 16 bits only', () => {
    const row = { ...toMibTcpRow2(entry()), dwLocalPort: 0xdead00c0 };
    expect(formatTcpTable2([row]).split('\n')[4]).toBe('\tTCP[0] Local Port: 49152 ');
  });
});

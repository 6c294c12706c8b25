/** The table as JSON rows, the IPv6 printer, and the two-call protocol. */
import { describe, expect, it } from 'vitest';
import { MIB_TCP_STATE } from '../../../src/ndis/TCPSTATE.js';
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { ERROR_INSUFFICIENT_BUFFER, NO_ERROR } from '../../../src/ndis/win32Error.js';
import {
  fetchTcpTable, formatTcp6Table2, GetTcp6Table2, GetTcpTable2, readTcp6Table2, readTcpTable2, tcp6Row2Json, tcpRow2Json, toMibTcp6Row2, toMibTcpRow2,
} from '../../../src/table/index.js';
import { entry, entry6 } from './fixtures.js';

describe('tcpRow2Json / tcp6Row2Json', () => {
  it('gives an IPv4 row in host order and text, the state values beside their names', () => {
    const row = toMibTcpRow2(entry({ state: MIB_TCP_STATE.MIB_TCP_STATE_FIN_WAIT1, localPort: 0x1234 }));
    expect(tcpRow2Json(row, 2)).toEqual({
      table: 'MIB_TCPTABLE2', index: 2, dwState: 6, state: 'FIN-WAIT-1', localAddress: '10.0.0.1', localPort: 0x1234, remoteAddress: '10.0.0.2',
      remotePort: 80, owningPid: 1234, dwOffloadState: 2, offloadState: 'Offloaded',
    });
  });

  it('gives an IPv6 row with its scope ids in host order', () => {
    const row = toMibTcp6Row2(entry6({ localScopeId: 0x01020304, remoteScopeId: 5, offloadState: TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateUploading }));
    expect(tcp6Row2Json(row, 0)).toMatchObject({
      table: 'MIB_TCP6TABLE2', localAddress: 'fe80::1', localScopeId: 0x01020304, remoteAddress: 'fe80::2', remoteScopeId: 5, remotePort: 443,
      dwOffloadState: 3, offloadState: 'Uploading',
    });
  });
});

describe('formatTcp6Table2', () => {
  it("prints the GetTcpTable2 sample's layout with RFC 5952 addresses and the scope ids", () => {
    const text = formatTcp6Table2([toMibTcp6Row2(entry6({ localAddress: 'FE80:0::1', localScopeId: 7, state: MIB_TCP_STATE.MIB_TCP_STATE_FIN_WAIT2 }))]);
    expect(text).toBe(
      '\tNumber of entries: 1\n' +
        '\n' +
        '\tTCP[0] State: 7 - FIN-WAIT-2 \n' +
        '\tTCP[0] Local Addr: fe80::1\n' +
        '\tTCP[0] Local Scope ID: 7 \n' +
        '\tTCP[0] Local Port: 49152 \n' +
        '\tTCP[0] Remote Addr: fe80::2\n' +
        '\tTCP[0] Remote Scope ID: 0 \n' +
        '\tTCP[0] Remote Port: 443\n' +
        '\tTCP[0] Owning PID: 1234\n' +
        '\tTCP[0] Offload State: 2 - Offloaded to the network interface control',
    );
  });
});

describe('fetchTcpTable', () => {
  it('makes the two calls of the SDK sample and returns the buffer exactly as filled (sorted)', () => {
    const entries = [entry({ localPort: 2 }), entry6(), entry({ localPort: 1 })];
    const calls: Array<[boolean, number]> = [];
    const buffer = fetchTcpTable((b, size, order) => {
      const status = GetTcpTable2(entries, b, size, order);
      calls.push([b === null, status]);
      return status;
    });
    expect(calls).toEqual([[true, ERROR_INSUFFICIENT_BUFFER], [false, NO_ERROR]]);
    expect(buffer.byteLength).toBe(4 + 2 * 28);
    expect(readTcpTable2(buffer).map((r) => r.dwLocalPort)).toEqual([0x0100, 0x0200]);
    expect(readTcp6Table2(fetchTcpTable((b, s, o) => GetTcp6Table2(entries, b, s, o)))).toHaveLength(1);
  });

  it('says which call broke the protocol', () => {
    expect(() => fetchTcpTable(() => NO_ERROR)).toThrow('the first call returned 0, expected ERROR_INSUFFICIENT_BUFFER (122)');
  });
});

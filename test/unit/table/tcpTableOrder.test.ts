/** Order = TRUE sorts by local IP, local port, remote IP, remote port (host order); FALSE keeps the given order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIB_TCP_STATE } from '../../../src/ndis/TCPSTATE.js';
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { NO_ERROR } from '../../../src/ndis/win32Error.js';
import {
  GetTcp6Table2,
  GetTcpTable2,
  inet_ntoa,
  ntohs,
  readTcp6Table2,
  readTcpTable2,
  toMibTcpRow2,
  type TcpTableEntry,
} from '../../../src/table/index.js';
import { entry, entry6, SEED } from './fixtures.js';

function pidsOf(entries: readonly TcpTableEntry[], order: boolean): number[] {
  const size = { value: 0 };
  GetTcpTable2(entries, null, size, order);
  const buffer = new ArrayBuffer(size.value);
  expect(GetTcpTable2(entries, buffer, size, order)).toBe(NO_ERROR);
  return readTcpTable2(buffer).map((row) => row.dwOwningPid);
}

function pids6Of(entries: readonly TcpTableEntry[], order: boolean): number[] {
  const size = { value: 0 };
  GetTcp6Table2(entries, null, size, order);
  const buffer = new ArrayBuffer(size.value);
  expect(GetTcp6Table2(entries, buffer, size, order)).toBe(NO_ERROR);
  return readTcp6Table2(buffer).map((row) => row.dwOwningPid);
}

const at = (localAddress: string, localPort: number, remoteAddress: string, remotePort: number, owningPid: number) =>
  entry({ localAddress, localPort, remoteAddress, remotePort, owningPid });

// Sorted order is pid 1..6. Each adjacent pair differs in exactly one key, and wherever the raw
// (network-order) DWORD would sort the other way, the pair is chosen so that host order is what decides.
const sorted4 = [
  at('9.0.0.3', 65535, '255.255.255.255', 65535, 1), // local IP 9.0.0.3 < 10.0.0.1 (raw DWORDs say the opposite)
  at('10.0.0.1', 1, '10.0.0.9', 1, 2),
  at('10.0.0.1', 1, '10.0.0.9', 256, 3), // remote port 1 < 256 decides 2 vs 3 (raw 0x0100 > 0x0001)
  at('10.0.0.1', 1, '11.0.0.0', 1, 4), // remote IP 10.0.0.9 < 11.0.0.0 decides 3 vs 4 (raw says the opposite)
  at('10.0.0.1', 256, '1.1.1.1', 1, 5), // local port 1 < 256 decides 4 vs 5 (raw says the opposite)
  at('10.0.0.2', 1, '1.1.1.1', 1, 6), // local IP decides 5 vs 6
];
const given4 = [4, 6, 2, 1, 5, 3].map((pid) => sorted4[pid - 1] ?? entry());

describe('GetTcpTable2 Order', () => {
  it('TRUE sorts by local IP, local port, remote IP, remote port, each compared in host order', () => {
    expect(pidsOf(given4, true)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('FALSE keeps the order the entries were given', () => {
    expect(pidsOf(given4, false)).toEqual([4, 6, 2, 1, 5, 3]);
  });

  it('TRUE keeps the given order of entries with equal keys (stable)', () => {
    const listen = MIB_TCP_STATE.MIB_TCP_STATE_LISTEN;
    const same = [entry({ owningPid: 9 }), entry({ owningPid: 7, state: listen }), entry({ owningPid: 8 })];
    expect(pidsOf(same, true)).toEqual([9, 7, 8]);
  });

  it('does not reorder the caller\'s array', () => {
    const copy = [...given4];
    pidsOf(given4, true);
    expect(given4).toEqual(copy);
  });
});

describe('GetTcp6Table2 Order', () => {
  const at6 = (localAddress: string, localPort: number, remoteAddress: string, remotePort: number, owningPid: number) =>
    entry6({ localAddress, localPort, remoteAddress, remotePort, owningPid });
  const sorted6 = [
    at6('::2', 65535, 'ffff::', 65535, 1), // local address bytes 00..02 < 00..0100
    at6('::100', 1, '2001:db8::9', 1, 2),
    at6('::100', 1, '2001:db8::9', 256, 3), // remote port decides
    at6('::100', 1, '2001:db8::a', 1, 4), // remote address bytes decide
    at6('::100', 256, '::1', 1, 5), // local port decides
    at6('fe80::1', 1, '::1', 1, 6), // local address bytes decide
  ];
  const given6 = [5, 3, 6, 1, 4, 2].map((pid) => sorted6[pid - 1] ?? entry6());

  it('TRUE sorts by local address bytes, local port, remote address bytes, remote port', () => {
    expect(pids6Of(given6, true)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('FALSE keeps the order the entries were given', () => {
    expect(pids6Of(given6, false)).toEqual([5, 3, 6, 1, 4, 2]);
  });
});

describe('GetTcpTable2 Order property', () => {
  // Small pools so that ties on the first keys are common and later keys get to decide.
  const address = fc.constantFrom('0.0.0.0', '9.0.0.3', '10.0.0.1', '10.0.0.2', '10.0.0.10', '11.0.0.0', '192.168.1.1');
  const port = fc.constantFrom(0, 1, 80, 255, 256, 443, 49152, 65535);
  const arbitraryEntry: fc.Arbitrary<TcpTableEntry> = fc.record({
    localAddress: address,
    localPort: port,
    remoteAddress: address,
    remotePort: port,
    owningPid: fc.nat(),
    state: fc.constantFrom(...Object.values(MIB_TCP_STATE)),
    offloadState: fc.constantFrom(...Object.values(TCP_CONNECTION_OFFLOAD_STATE)),
  });

  /** The sort key read back from a row as plain host-order numbers, independent of the code under test. */
  const keyOf = (row: ReturnType<typeof toMibTcpRow2>): number[] => {
    const ip = (dword: number) => inet_ntoa(dword).split('.').reduce((n, part) => n * 256 + Number(part), 0);
    return [ip(row.dwLocalAddr), ntohs(row.dwLocalPort), ip(row.dwRemoteAddr), ntohs(row.dwRemotePort)];
  };
  const compareKeys = (a: number[], b: number[]): number => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const canonical = (rows: ReturnType<typeof toMibTcpRow2>[]) => rows.map((r) => JSON.stringify(r)).sort();

  it(`Order = TRUE returns the same rows, sorted by key (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { maxLength: 30 }), (entries) => {
        const size = { value: 0 };
        GetTcpTable2(entries, null, size, true);
        const buffer = new ArrayBuffer(size.value);
        expect(GetTcpTable2(entries, buffer, size, true)).toBe(NO_ERROR);
        const rows = readTcpTable2(buffer);
        expect(canonical(rows)).toEqual(canonical(entries.map(toMibTcpRow2)));
        const keys = rows.map(keyOf);
        expect(keys).toEqual([...keys].sort(compareKeys));
      }),
      { seed: SEED },
    );
  });
});

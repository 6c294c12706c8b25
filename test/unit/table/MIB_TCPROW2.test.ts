/** MIB_TCPROW2: 7 little-endian DWORDs, in_addr addresses, network-order ports in the low 16 bits. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIB_TCP_STATE } from '../../../src/ndis/TCPSTATE.js';
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import {
  decodeMibTcpRow2,
  encodeMibTcpRow2,
  inet_ntoa,
  MIB_TCPROW2_OFFSET,
  MIB_TCPROW2_SIZE,
  ntohs,
  toMibTcpRow2,
  type MIB_TCPROW2,
} from '../../../src/table/index.js';
import { entry, SEED } from './fixtures.js';

const dword = fc.integer({ min: 0, max: 0xffffffff });
const arbitraryRow: fc.Arbitrary<MIB_TCPROW2> = fc.record({
  dwState: dword,
  dwLocalAddr: dword,
  dwLocalPort: dword,
  dwRemoteAddr: dword,
  dwRemotePort: dword,
  dwOwningPid: dword,
  dwOffloadState: dword,
});

function bytesOf(row: MIB_TCPROW2): Uint8Array {
  const buffer = new ArrayBuffer(MIB_TCPROW2_SIZE);
  encodeMibTcpRow2(row, new DataView(buffer), 0);
  return new Uint8Array(buffer);
}

describe('MIB_TCPROW2 layout', () => {
  it('is 28 bytes, 7 DWORDs in declaration order', () => {
    expect(MIB_TCPROW2_SIZE).toBe(28);
    expect(MIB_TCPROW2_OFFSET).toEqual({
      dwState: 0,
      dwLocalAddr: 4,
      dwLocalPort: 8,
      dwRemoteAddr: 12,
      dwRemotePort: 16,
      dwOwningPid: 20,
      dwOffloadState: 24,
    });
  });

  it('toMibTcpRow2 stores in_addr DWORDs and htons ports with the upper 16 bits 0', () => {
    const row = toMibTcpRow2(entry({ state: MIB_TCP_STATE.MIB_TCP_STATE_CLOSE_WAIT }));
    expect(row).toEqual({
      dwState: 8,
      dwLocalAddr: 0x0100000a,
      dwLocalPort: 0x00c0,
      dwRemoteAddr: 0x0200000a,
      dwRemotePort: 0x5000,
      dwOwningPid: 1234,
      dwOffloadState: 2,
    });
  });

  it('puts the raw bytes where Windows has them: 10.0.0.1:49152 -> 0A 00 00 01 / C0 00 00 00', () => {
    const closeWait = entry({ state: MIB_TCP_STATE.MIB_TCP_STATE_CLOSE_WAIT, owningPid: 0x01020304 });
    const bytes = bytesOf(toMibTcpRow2(closeWait));
    const at = (offset: number) => [...bytes.subarray(offset, offset + 4)];
    expect(at(MIB_TCPROW2_OFFSET.dwState)).toEqual([0x08, 0, 0, 0]);
    expect(at(MIB_TCPROW2_OFFSET.dwLocalAddr)).toEqual([0x0a, 0x00, 0x00, 0x01]);
    expect(at(MIB_TCPROW2_OFFSET.dwLocalPort)).toEqual([0xc0, 0x00, 0x00, 0x00]);
    expect(at(MIB_TCPROW2_OFFSET.dwRemoteAddr)).toEqual([0x0a, 0x00, 0x00, 0x02]);
    expect(at(MIB_TCPROW2_OFFSET.dwRemotePort)).toEqual([0x00, 0x50, 0x00, 0x00]);
    expect(at(MIB_TCPROW2_OFFSET.dwOwningPid)).toEqual([0x04, 0x03, 0x02, 0x01]);
    expect(at(MIB_TCPROW2_OFFSET.dwOffloadState)).toEqual([0x02, 0, 0, 0]);
  });

  it('reads back to the entry through ntohs and inet_ntoa', () => {
    const row = toMibTcpRow2(
      entry({ localAddress: '192.168.1.20', localPort: 443, remoteAddress: '8.8.4.4', remotePort: 65535 }),
    );
    expect(inet_ntoa(row.dwLocalAddr)).toBe('192.168.1.20');
    expect(ntohs(row.dwLocalPort)).toBe(443);
    expect(inet_ntoa(row.dwRemoteAddr)).toBe('8.8.4.4');
    expect(ntohs(row.dwRemotePort)).toBe(65535);
  });

  it('toMibTcpRow2 rejects out-of-range ports and PIDs and bad address text with a RangeError', () => {
    expect(() => toMibTcpRow2(entry({ localPort: 65536 }))).toThrow(RangeError);
    expect(() => toMibTcpRow2(entry({ remotePort: -1 }))).toThrow(RangeError);
    expect(() => toMibTcpRow2(entry({ localPort: 1.5 }))).toThrow(RangeError);
    expect(() => toMibTcpRow2(entry({ owningPid: 2 ** 32 }))).toThrow(RangeError);
    expect(() => toMibTcpRow2(entry({ remoteAddress: 'fe80::1' }))).toThrow('"fe80::1"');
  });

  it('encode refuses a field that is not a DWORD and a row that does not fit, writing nothing', () => {
    const buffer = new ArrayBuffer(MIB_TCPROW2_SIZE);
    const row = toMibTcpRow2(entry());
    expect(() => encodeMibTcpRow2({ ...row, dwOwningPid: -1 }, new DataView(buffer), 0)).toThrow(RangeError);
    expect(() => encodeMibTcpRow2(row, new DataView(buffer), 1)).toThrow(RangeError);
    expect([...new Uint8Array(buffer)].every((b) => b === 0)).toBe(true);
    expect(() => decodeMibTcpRow2(new DataView(buffer), 4)).toThrow(RangeError);
  });

  it('decodes the state and offload state a known row encodes', () => {
    const view = new DataView(bytesOf(toMibTcpRow2(entry())).buffer);
    const row = decodeMibTcpRow2(view, 0);
    expect(row.dwState).toBe(MIB_TCP_STATE.MIB_TCP_STATE_ESTAB);
    expect(row.dwOffloadState).toBe(TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloaded);
  });

  it(`round-trips random rows at random offsets (seed ${SEED})`, () => {
    fc.assert(
      fc.property(arbitraryRow, fc.nat(64), (row, offset) => {
        const view = new DataView(new ArrayBuffer(offset + MIB_TCPROW2_SIZE));
        encodeMibTcpRow2(row, view, offset);
        expect(decodeMibTcpRow2(view, offset)).toEqual(row);
      }),
      { seed: SEED },
    );
  });
});

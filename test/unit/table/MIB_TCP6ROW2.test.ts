/** MIB_TCP6ROW2: 60 bytes, IN6_ADDR bytes as they are, ports and scope ids in network byte order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIB_TCP_STATE } from '../../../src/ndis/TCPSTATE.js';
import {
  decodeMibTcp6Row2,
  encodeMibTcp6Row2,
  MIB_TCP6ROW2_OFFSET,
  MIB_TCP6ROW2_SIZE,
  ntohl,
  ntohs,
  toMibTcp6Row2,
  type MIB_TCP6ROW2,
} from '../../../src/table/index.js';
import { entry6, SEED } from './fixtures.js';

const dword = fc.integer({ min: 0, max: 0xffffffff });
const addr = fc.uint8Array({ minLength: 16, maxLength: 16 });
const arbitraryRow: fc.Arbitrary<MIB_TCP6ROW2> = fc.record({
  LocalAddr: addr,
  dwLocalScopeId: dword,
  dwLocalPort: dword,
  RemoteAddr: addr,
  dwRemoteScopeId: dword,
  dwRemotePort: dword,
  State: dword,
  dwOwningPid: dword,
  dwOffloadState: dword,
});

describe('MIB_TCP6ROW2 layout', () => {
  it('is 60 bytes: LocalAddr, scope, port, RemoteAddr, scope, port, State, PID, offload state', () => {
    expect(MIB_TCP6ROW2_SIZE).toBe(60);
    expect(MIB_TCP6ROW2_OFFSET).toEqual({
      LocalAddr: 0,
      dwLocalScopeId: 16,
      dwLocalPort: 20,
      RemoteAddr: 24,
      dwRemoteScopeId: 40,
      dwRemotePort: 44,
      State: 48,
      dwOwningPid: 52,
      dwOffloadState: 56,
    });
  });

  it('puts the raw bytes where Windows has them, scope ids byte-swapped', () => {
    const row = toMibTcp6Row2(
      entry6({ localScopeId: 0x0000000b, remoteScopeId: 0x01020304, state: MIB_TCP_STATE.MIB_TCP_STATE_LISTEN }),
    );
    const view = new DataView(new ArrayBuffer(MIB_TCP6ROW2_SIZE));
    encodeMibTcp6Row2(row, view, 0);
    const bytes = new Uint8Array(view.buffer);
    const at = (offset: number, length = 4) => [...bytes.subarray(offset, offset + length)];
    expect(at(MIB_TCP6ROW2_OFFSET.LocalAddr, 16)).toEqual([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(at(MIB_TCP6ROW2_OFFSET.dwLocalScopeId)).toEqual([0, 0, 0, 0x0b]);
    expect(at(MIB_TCP6ROW2_OFFSET.dwLocalPort)).toEqual([0xc0, 0x00, 0, 0]);
    expect(at(MIB_TCP6ROW2_OFFSET.RemoteAddr, 16)).toEqual([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(at(MIB_TCP6ROW2_OFFSET.dwRemoteScopeId)).toEqual([1, 2, 3, 4]);
    expect(at(MIB_TCP6ROW2_OFFSET.dwRemotePort)).toEqual([0x01, 0xbb, 0, 0]);
    expect(at(MIB_TCP6ROW2_OFFSET.State)).toEqual([2, 0, 0, 0]);
    expect(at(MIB_TCP6ROW2_OFFSET.dwOwningPid)).toEqual([0xd2, 0x04, 0, 0]);
    expect(at(MIB_TCP6ROW2_OFFSET.dwOffloadState)).toEqual([2, 0, 0, 0]);
  });

  it('stores htonl(scope id) and htons(port) in the row; a missing scope id is 0', () => {
    const row = toMibTcp6Row2(entry6({ localScopeId: 7 }));
    expect(row.dwLocalScopeId).toBe(0x07000000);
    expect(ntohl(row.dwLocalScopeId)).toBe(7);
    expect(row.dwRemoteScopeId).toBe(0);
    expect(ntohs(row.dwLocalPort)).toBe(49152);
    expect(ntohs(row.dwRemotePort)).toBe(443);
  });

  it('toMibTcp6Row2 rejects bad address text and out-of-range scope ids with a RangeError', () => {
    expect(() => toMibTcp6Row2(entry6({ localAddress: 'fe80:::1' }))).toThrow('"fe80:::1"');
    expect(() => toMibTcp6Row2(entry6({ localScopeId: -1 }))).toThrow(RangeError);
    expect(() => toMibTcp6Row2(entry6({ remoteScopeId: 2 ** 32 }))).toThrow(RangeError);
  });

  it('encode refuses an address that is not 16 bytes', () => {
    const row = toMibTcp6Row2(entry6());
    const view = new DataView(new ArrayBuffer(MIB_TCP6ROW2_SIZE));
    expect(() => encodeMibTcp6Row2({ ...row, RemoteAddr: new Uint8Array(4) }, view, 0)).toThrow(RangeError);
    expect(() => encodeMibTcp6Row2(row, view, 4)).toThrow(RangeError);
  });

  it('decode copies the address bytes instead of viewing the buffer', () => {
    const view = new DataView(new ArrayBuffer(MIB_TCP6ROW2_SIZE));
    encodeMibTcp6Row2(toMibTcp6Row2(entry6()), view, 0);
    const row = decodeMibTcp6Row2(view, 0);
    view.setUint8(MIB_TCP6ROW2_OFFSET.LocalAddr, 0);
    expect(row.LocalAddr[0]).toBe(0xfe);
  });

  it(`round-trips random rows at random offsets (seed ${SEED})`, () => {
    fc.assert(
      fc.property(arbitraryRow, fc.nat(64), (row, offset) => {
        const view = new DataView(new ArrayBuffer(offset + MIB_TCP6ROW2_SIZE));
        encodeMibTcp6Row2(row, view, offset);
        expect(decodeMibTcp6Row2(view, offset)).toEqual(row);
      }),
      { seed: SEED },
    );
  });
});

/** GetTcpTable2 / GetTcp6Table2: the Win32 sizing protocol, the filled buffer and the IPv4/IPv6 split. */
import { describe, expect, it } from 'vitest';
import { ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, NO_ERROR } from '../../../src/ndis/win32Error.js';
import {
  GetTcp6Table2,
  GetTcpTable2,
  inet_ntoa,
  readTcp6Table2,
  readTcpTable2,
  tcp6Table2Size,
  tcpTable2Size,
  toMibTcp6Row2,
  toMibTcpRow2,
} from '../../../src/table/index.js';
import { entry, entry6 } from './fixtures.js';

const three = [entry({ owningPid: 1 }), entry({ owningPid: 2 }), entry({ owningPid: 3 })];

describe('GetTcpTable2 sizing protocol', () => {
  it('required size is 4 + 28·n', () => {
    expect(tcpTable2Size(0)).toBe(4);
    expect(tcpTable2Size(3)).toBe(88);
    expect(tcp6Table2Size(0)).toBe(4);
    expect(tcp6Table2Size(2)).toBe(124);
  });

  it('NULL table -> ERROR_INSUFFICIENT_BUFFER (122) and the required size', () => {
    const size = { value: 0 };
    expect(GetTcpTable2(three, null, size, true)).toBe(ERROR_INSUFFICIENT_BUFFER);
    expect(ERROR_INSUFFICIENT_BUFFER).toBe(122);
    expect(size.value).toBe(88);
  });

  it('NULL table -> 122 even when the caller claims a large size', () => {
    const size = { value: 4096 };
    expect(GetTcpTable2(three, null, size, true)).toBe(ERROR_INSUFFICIENT_BUFFER);
    expect(size.value).toBe(88);
  });

  it('zero entries require 4 bytes, and then write dwNumEntries = 0', () => {
    const size = { value: 0 };
    expect(GetTcpTable2([], null, size, false)).toBe(ERROR_INSUFFICIENT_BUFFER);
    expect(size.value).toBe(4);
    const buffer = new ArrayBuffer(size.value);
    expect(GetTcpTable2([], buffer, size, false)).toBe(NO_ERROR);
    expect(readTcpTable2(buffer)).toEqual([]);
  });

  it('a buffer one byte too small -> 122 and the required size', () => {
    const size = { value: 87 };
    expect(GetTcpTable2(three, new ArrayBuffer(87), size, true)).toBe(ERROR_INSUFFICIENT_BUFFER);
    expect(size.value).toBe(88);
  });

  it('the usable size is min(*SizePointer, byteLength): a big buffer with a small claim is too small', () => {
    const size = { value: 40 };
    expect(GetTcpTable2(three, new ArrayBuffer(1000), size, true)).toBe(ERROR_INSUFFICIENT_BUFFER);
    expect(size.value).toBe(88);
  });

  it('...and a big claim over a small buffer is too small too', () => {
    const size = { value: 1000 };
    expect(GetTcpTable2(three, new ArrayBuffer(40), size, true)).toBe(ERROR_INSUFFICIENT_BUFFER);
    expect(size.value).toBe(88);
  });

  it('exact size -> NO_ERROR (0), table filled, *SizePointer unchanged', () => {
    const size = { value: 88 };
    const buffer = new ArrayBuffer(88);
    expect(GetTcpTable2(three, buffer, size, false)).toBe(NO_ERROR);
    expect(NO_ERROR).toBe(0);
    expect(size.value).toBe(88);
    expect(new DataView(buffer).getUint32(0, true)).toBe(3);
    expect(readTcpTable2(buffer)).toEqual(three.map(toMibTcpRow2));
  });

  it('NULL SizePointer -> ERROR_INVALID_PARAMETER (87), with or without a table', () => {
    expect(GetTcpTable2(three, null, null, true)).toBe(ERROR_INVALID_PARAMETER);
    expect(GetTcpTable2(three, new ArrayBuffer(1000), null, true)).toBe(ERROR_INVALID_PARAMETER);
    expect(ERROR_INVALID_PARAMETER).toBe(87);
  });

  it('the two-call pattern of the SDK sample works', () => {
    const size = { value: 0 };
    expect(GetTcpTable2(three, new ArrayBuffer(size.value), size, true)).toBe(ERROR_INSUFFICIENT_BUFFER);
    const buffer = new ArrayBuffer(size.value);
    expect(GetTcpTable2(three, buffer, size, true)).toBe(NO_ERROR);
    expect(readTcpTable2(buffer).map((row) => row.dwOwningPid)).toEqual([1, 2, 3]);
  });

  it('leaves bytes after the table alone', () => {
    const buffer = new ArrayBuffer(40);
    new Uint8Array(buffer).fill(0xaa);
    expect(GetTcpTable2([entry()], buffer, { value: 40 }, false)).toBe(NO_ERROR);
    expect([...new Uint8Array(buffer, 32)]).toEqual(new Array(8).fill(0xaa));
  });
});

describe('the IPv4 / IPv6 split', () => {
  const mixed = [entry({ owningPid: 1 }), entry6({ owningPid: 2 }), entry({ owningPid: 3, localAddress: '0.0.0.0' })];

  it('GetTcpTable2 reports only the IPv4 entries', () => {
    const size = { value: 0 };
    GetTcpTable2(mixed, null, size, false);
    expect(size.value).toBe(tcpTable2Size(2));
    const buffer = new ArrayBuffer(size.value);
    expect(GetTcpTable2(mixed, buffer, size, false)).toBe(NO_ERROR);
    const rows = readTcpTable2(buffer);
    expect(rows.map((r) => r.dwOwningPid)).toEqual([1, 3]);
    expect(inet_ntoa(rows[1]?.dwLocalAddr ?? -1)).toBe('0.0.0.0');
  });

  it('GetTcp6Table2 reports only the IPv6 entries, in 60-byte rows', () => {
    const size = { value: 0 };
    expect(GetTcp6Table2(mixed, null, size, false)).toBe(ERROR_INSUFFICIENT_BUFFER);
    expect(size.value).toBe(64);
    const buffer = new ArrayBuffer(size.value);
    expect(GetTcp6Table2(mixed, buffer, size, false)).toBe(NO_ERROR);
    expect(readTcp6Table2(buffer)).toEqual([toMibTcp6Row2(mixed[1] ?? entry6())]);
  });

  it('GetTcp6Table2 follows the same sizing protocol', () => {
    expect(GetTcp6Table2([entry6()], null, null, false)).toBe(ERROR_INVALID_PARAMETER);
    const size = { value: 63 };
    expect(GetTcp6Table2([entry6()], new ArrayBuffer(63), size, false)).toBe(ERROR_INSUFFICIENT_BUFFER);
    expect(size.value).toBe(64);
    expect(GetTcp6Table2([], null, size, false)).toBe(ERROR_INSUFFICIENT_BUFFER);
    expect(size.value).toBe(4);
  });

  it('an entry with bad address text is a RangeError from either table, not silently dropped', () => {
    const bad = [entry(), entry({ localAddress: '10.0.0.999' })];
    expect(() => GetTcpTable2(bad, null, { value: 0 }, false)).toThrow(RangeError);
    expect(() => GetTcp6Table2(bad, null, { value: 0 }, false)).toThrow('"10.0.0.999"');
  });
});

describe('readTcpTable2 / readTcp6Table2', () => {
  it('throw a RangeError when dwNumEntries claims more rows than the buffer holds', () => {
    const buffer = new ArrayBuffer(32);
    new DataView(buffer).setUint32(0, 2, true);
    expect(() => readTcpTable2(buffer)).toThrow(RangeError);
    expect(() => readTcp6Table2(buffer)).toThrow(RangeError);
    expect(() => readTcpTable2(new ArrayBuffer(2))).toThrow(RangeError);
  });
});

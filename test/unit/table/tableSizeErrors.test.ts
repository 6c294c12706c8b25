/**
 * The table's size errors, asserted exactly: the message a reader of a short or lying buffer gets names
 * the sizes involved, and a buffer of exactly the size needed is no error (the boundaries of readTable
 * and checkFits).
 */
import { describe, expect, it } from 'vitest';
import { GetTcpTable2, MIB_TCPTABLE2_HEADER_SIZE, readTcp6Table2, readTcpTable2 } from '../../../src/table/GetTcpTable2.js';
import { MIB_TCP6ROW2_SIZE } from '../../../src/table/MIB_TCP6ROW2.js';
import { decodeMibTcpRow2, encodeMibTcpRow2, MIB_TCPROW2_SIZE, toMibTcpRow2 } from '../../../src/table/MIB_TCPROW2.js';
import { NO_ERROR } from '../../../src/ndis/win32Error.js';
import { entry } from './fixtures.js';

/** A buffer of `bytes` bytes whose dwNumEntries says `count`. */
function claiming(count: number, bytes: number): ArrayBuffer {
  const buffer = new ArrayBuffer(bytes);
  new DataView(buffer).setUint32(0, count, true);
  return buffer;
}

describe('readTcpTable2 / readTcp6Table2 size errors', () => {
  it.each([0, 1, 3])('a buffer of %i bytes is shorter than the header', (bytes) => {
    expect(() => readTcpTable2(new ArrayBuffer(bytes))).toThrow(new RangeError(`A table needs 4 bytes or more, the buffer has ${bytes}`));
    expect(() => readTcp6Table2(new ArrayBuffer(bytes))).toThrow(new RangeError(`A table needs 4 bytes or more, the buffer has ${bytes}`));
  });

  it('a header of exactly 4 bytes claiming no rows is an empty table', () => {
    expect(readTcpTable2(claiming(0, MIB_TCPTABLE2_HEADER_SIZE))).toEqual([]);
    expect(readTcp6Table2(claiming(0, MIB_TCPTABLE2_HEADER_SIZE))).toEqual([]);
  });

  it('dwNumEntries claiming one row more than the buffer holds names the rows, the bytes needed and the bytes there', () => {
    expect(() => readTcpTable2(claiming(2, 4 + 28 * 2 - 1))).toThrow(new RangeError('Table claims 2 rows (60 bytes) but the buffer has 59 bytes'));
    expect(() => readTcp6Table2(claiming(1, 4 + 60 - 1))).toThrow(new RangeError('Table claims 1 rows (64 bytes) but the buffer has 63 bytes'));
  });

  it('a buffer of exactly the rows claimed reads them all', () => {
    const size = { value: MIB_TCPTABLE2_HEADER_SIZE + MIB_TCPROW2_SIZE * 2 };
    const buffer = new ArrayBuffer(size.value);
    expect(GetTcpTable2([entry(), entry({ localPort: 5001 })], buffer, size, false)).toBe(NO_ERROR);
    expect(readTcpTable2(buffer).map((r) => r.dwLocalPort)).toHaveLength(2);
    expect(() => readTcp6Table2(claiming(1, MIB_TCPTABLE2_HEADER_SIZE + MIB_TCP6ROW2_SIZE))).not.toThrow();
  });
});

describe('a row that does not fit', () => {
  it('encode and decode name the row size, the offset and the buffer size', () => {
    const view = new DataView(new ArrayBuffer(30));
    const row = toMibTcpRow2(entry());
    expect(() => encodeMibTcpRow2(row, view, 3)).toThrow(new RangeError('28 bytes at offset 3 do not fit in 30 bytes'));
    expect(() => decodeMibTcpRow2(view, 3)).toThrow(new RangeError('28 bytes at offset 3 do not fit in 30 bytes'));
    expect(() => encodeMibTcpRow2(row, view, 2)).not.toThrow();
    expect(decodeMibTcpRow2(view, 2)).toEqual(row);
  });

  it('a field out of range names the field and the value', () => {
    const view = new DataView(new ArrayBuffer(28));
    expect(() => encodeMibTcpRow2({ ...toMibTcpRow2(entry()), dwOwningPid: 2 ** 32 }, view, 0)).toThrow(
      new RangeError(`dwOwningPid must be an integer in 0..${2 ** 32 - 1}, got ${2 ** 32}`),
    );
  });
});

/** `GetTcpTable2` / `GetTcp6Table2` (iphlpapi.h) over the host's TCBs, and readers of the filled buffer (§11.4). */
import { ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, NO_ERROR } from '../ndis/win32Error.js';
import {
  decodeMibTcp6Row2,
  encodeMibTcp6Row2,
  MIB_TCP6ROW2_SIZE,
  toMibTcp6Row2,
  type MIB_TCP6ROW2,
} from './MIB_TCP6ROW2.js';
import { decodeMibTcpRow2, encodeMibTcpRow2, MIB_TCPROW2_SIZE, toMibTcpRow2, type MIB_TCPROW2 } from './MIB_TCPROW2.js';
import { addressFamilyOf, type AddressFamily, type TcpTableEntry } from './TcpTableEntry.js';
import { compareMibTcp6Row2, compareMibTcpRow2 } from './tcpTableOrder.js';

/** `FIELD_OFFSET(MIB_TCPTABLE2, table[0])`: the `dwNumEntries` DWORD before the rows (same for the IPv6 table). */
export const MIB_TCPTABLE2_HEADER_SIZE = 4;

/** A `PULONG`: the caller's buffer size in, the required size out. */
export interface SizePointer {
  value: number;
}

/** Bytes GetTcpTable2 requires for `n` rows: `4 + 28·n`. */
export function tcpTable2Size(n: number): number {
  return MIB_TCPTABLE2_HEADER_SIZE + MIB_TCPROW2_SIZE * n;
}

/** Bytes GetTcp6Table2 requires for `n` rows: `4 + 60·n`. */
export function tcp6Table2Size(n: number): number {
  return MIB_TCPTABLE2_HEADER_SIZE + MIB_TCP6ROW2_SIZE * n;
}

/**
 * Fills `TcpTable` with a `MIB_TCPTABLE2` of the IPv4 entries (both addresses dotted quads).
 * Returns ERROR_INVALID_PARAMETER when `SizePointer` is null; ERROR_INSUFFICIENT_BUFFER with
 * `SizePointer.value` set to the required size when `TcpTable` is null or the usable size is too small;
 * otherwise NO_ERROR with `dwNumEntries` and the rows written. `Order` sorts by local IP, local port,
 * remote IP, remote port (see `compareMibTcpRow2`); otherwise the entries' order is kept.
 * @throws RangeError when an entry's address text or port is malformed.
 */
export function GetTcpTable2(
  entries: readonly TcpTableEntry[],
  TcpTable: ArrayBuffer | null,
  SizePointer: SizePointer | null,
  Order: boolean,
): number {
  return fillTable(entries, 'IPv4', TcpTable, SizePointer, Order, {
    size: MIB_TCPROW2_SIZE,
    toRow: toMibTcpRow2,
    compare: compareMibTcpRow2,
    encode: encodeMibTcpRow2,
  });
}

/**
 * Fills `TcpTable` with a `MIB_TCP6TABLE2` of the IPv6 entries; same protocol as `GetTcpTable2`.
 * `Order` sorts by local address bytes, local port, remote address bytes, remote port (`compareMibTcp6Row2`).
 * @throws RangeError when an entry's address text, port or scope id is malformed.
 */
export function GetTcp6Table2(
  entries: readonly TcpTableEntry[],
  TcpTable: ArrayBuffer | null,
  SizePointer: SizePointer | null,
  Order: boolean,
): number {
  return fillTable(entries, 'IPv6', TcpTable, SizePointer, Order, {
    size: MIB_TCP6ROW2_SIZE,
    toRow: toMibTcp6Row2,
    compare: compareMibTcp6Row2,
    encode: encodeMibTcp6Row2,
  });
}

/**
 * Decodes a buffer filled by GetTcpTable2: `dwNumEntries`, then that many rows.
 * @throws RangeError when the buffer is shorter than its header or than `dwNumEntries` rows.
 */
export function readTcpTable2(buffer: ArrayBuffer): MIB_TCPROW2[] {
  return readTable(buffer, MIB_TCPROW2_SIZE, decodeMibTcpRow2);
}

/**
 * Decodes a buffer filled by GetTcp6Table2: `dwNumEntries`, then that many rows.
 * @throws RangeError when the buffer is shorter than its header or than `dwNumEntries` rows.
 */
export function readTcp6Table2(buffer: ArrayBuffer): MIB_TCP6ROW2[] {
  return readTable(buffer, MIB_TCP6ROW2_SIZE, decodeMibTcp6Row2);
}

interface RowCodec<R> {
  readonly size: number;
  toRow(entry: TcpTableEntry): R;
  compare(a: R, b: R): number;
  encode(row: R, view: DataView, offset: number): void;
}

/**
 * The Win32 sizing protocol shared by both tables. Choices where the reference (§11.4, §13) is unconfirmed:
 * the required size is exactly `4 + rowSize·n`, no slack (the header's SIZEOF_TCPTABLE2 macro adds
 * ALIGN_SIZE; we do not); the usable size is min(*SizePointer as a ULONG, TcpTable.byteLength);
 * *SizePointer is written only on ERROR_INSUFFICIENT_BUFFER; every entry's addresses are checked, so a
 * malformed entry is a RangeError rather than silently missing from both tables.
 */
function fillTable<R>(
  entries: readonly TcpTableEntry[],
  family: AddressFamily,
  TcpTable: ArrayBuffer | null,
  SizePointer: SizePointer | null,
  Order: boolean,
  codec: RowCodec<R>,
): number {
  if (SizePointer === null) return ERROR_INVALID_PARAMETER;
  const rows = entries.filter((entry) => addressFamilyOf(entry) === family).map(codec.toRow);
  const required = MIB_TCPTABLE2_HEADER_SIZE + codec.size * rows.length;
  const usable = TcpTable === null ? 0 : Math.min(SizePointer.value >>> 0, TcpTable.byteLength);
  if (TcpTable === null || usable < required) {
    SizePointer.value = required;
    return ERROR_INSUFFICIENT_BUFFER;
  }
  if (Order) rows.sort(codec.compare);
  const view = new DataView(TcpTable);
  view.setUint32(0, rows.length, true);
  rows.forEach((row, i) => codec.encode(row, view, MIB_TCPTABLE2_HEADER_SIZE + codec.size * i));
  return NO_ERROR;
}

function readTable<R>(buffer: ArrayBuffer, rowSize: number, decode: (view: DataView, offset: number) => R): R[] {
  if (buffer.byteLength < MIB_TCPTABLE2_HEADER_SIZE) {
    const header = MIB_TCPTABLE2_HEADER_SIZE;
    throw new RangeError(`A table needs ${header} bytes or more, the buffer has ${buffer.byteLength}`);
  }
  const view = new DataView(buffer);
  const count = view.getUint32(0, true);
  const needed = MIB_TCPTABLE2_HEADER_SIZE + rowSize * count;
  if (needed > buffer.byteLength) {
    throw new RangeError(
      `Table claims ${count} rows (${needed} bytes) but the buffer has ${buffer.byteLength} bytes`,
    );
  }
  return Array.from({ length: count }, (_, i) => decode(view, MIB_TCPTABLE2_HEADER_SIZE + rowSize * i));
}

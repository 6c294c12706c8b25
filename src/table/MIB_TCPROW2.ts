/** `MIB_TCPROW2` (tcpmib.h): one IPv4 row of GetTcpTable2, its 28-byte layout and its encoding. Reference §11.3. */
import { htons } from './byteOrder.js';
import { checkFits, checkUnsigned, DWORD_MAX, PORT_MAX } from './checkUnsigned.js';
import { inet_addr } from './inet_ntoa.js';
import type { TcpTableEntry } from './TcpTableEntry.js';

export { htons, ntohs } from './byteOrder.js';
export { inet_ntoa } from './inet_ntoa.js';

/**
 * One IPv4 connection exactly as the DWORDs sit in memory (all unsigned 32-bit):
 * addresses are `in_addr` DWORDs (use `inet_ntoa`), ports are in network order in the low 16 bits
 * (use `ntohs`), upper 16 bits 0.
 */
export interface MIB_TCPROW2 {
  /** A MIB_TCP_STATE value. */
  readonly dwState: number;
  readonly dwLocalAddr: number;
  readonly dwLocalPort: number;
  /** Meaningless when LISTEN. */
  readonly dwRemoteAddr: number;
  /** Meaningless when LISTEN. */
  readonly dwRemotePort: number;
  readonly dwOwningPid: number;
  /** A TCP_CONNECTION_OFFLOAD_STATE value. */
  readonly dwOffloadState: number;
}

/** `sizeof(MIB_TCPROW2)`: 7 DWORDs. */
export const MIB_TCPROW2_SIZE = 28;

/** Byte offset of each field inside a row; every field is a little-endian DWORD. */
export const MIB_TCPROW2_OFFSET = {
  dwState: 0,
  dwLocalAddr: 4,
  dwLocalPort: 8,
  dwRemoteAddr: 12,
  dwRemotePort: 16,
  dwOwningPid: 20,
  dwOffloadState: 24,
} as const satisfies Record<keyof MIB_TCPROW2, number>;

const FIELDS = Object.keys(MIB_TCPROW2_OFFSET) as (keyof MIB_TCPROW2)[];

/**
 * The row the table reports for an IPv4 entry: addresses as `in_addr` DWORDs, ports through `htons`.
 * @throws RangeError when an address is not a dotted quad or a port / PID is out of range.
 */
export function toMibTcpRow2(entry: TcpTableEntry): MIB_TCPROW2 {
  return {
    dwState: entry.state,
    dwLocalAddr: inet_addr(entry.localAddress),
    dwLocalPort: htons(checkUnsigned('localPort', entry.localPort, PORT_MAX)),
    dwRemoteAddr: inet_addr(entry.remoteAddress),
    dwRemotePort: htons(checkUnsigned('remotePort', entry.remotePort, PORT_MAX)),
    dwOwningPid: checkUnsigned('owningPid', entry.owningPid, DWORD_MAX),
    dwOffloadState: entry.offloadState,
  };
}

/**
 * Writes `row` as 7 little-endian DWORDs at `offset`.
 * @throws RangeError when a field is not an unsigned 32-bit integer or the row does not fit.
 */
export function encodeMibTcpRow2(row: MIB_TCPROW2, view: DataView, offset: number): void {
  checkFits(view, offset, MIB_TCPROW2_SIZE);
  for (const field of FIELDS) checkUnsigned(field, row[field], DWORD_MAX);
  for (const field of FIELDS) view.setUint32(offset + MIB_TCPROW2_OFFSET[field], row[field], true);
}

/**
 * Reads the row at `offset` (7 little-endian DWORDs).
 * @throws RangeError when the row does not fit.
 */
export function decodeMibTcpRow2(view: DataView, offset: number): MIB_TCPROW2 {
  checkFits(view, offset, MIB_TCPROW2_SIZE);
  const read = (field: keyof MIB_TCPROW2): number => view.getUint32(offset + MIB_TCPROW2_OFFSET[field], true);
  return {
    dwState: read('dwState'),
    dwLocalAddr: read('dwLocalAddr'),
    dwLocalPort: read('dwLocalPort'),
    dwRemoteAddr: read('dwRemoteAddr'),
    dwRemotePort: read('dwRemotePort'),
    dwOwningPid: read('dwOwningPid'),
    dwOffloadState: read('dwOffloadState'),
  };
}

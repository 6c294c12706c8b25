/** `MIB_TCP6ROW2` (tcpmib.h): one IPv6 row of GetTcp6Table2, its 60-byte layout and its encoding. Reference §11.3. */
import { htonl, htons } from './byteOrder.js';
import { checkFits, checkUnsigned, DWORD_MAX, PORT_MAX } from './checkUnsigned.js';
import { IPV6_ADDRESS_BYTES, parseIpv6Address } from './parseAddress.js';
import type { TcpTableEntry } from './TcpTableEntry.js';

/**
 * One IPv6 connection as it sits in memory. Addresses are the 16 `IN6_ADDR` bytes in network order;
 * ports (low 16 bits) and scope ids (all 32 bits) are in network byte order, i.e. `htons` / `htonl` of the
 * host value; every other field is a plain unsigned 32-bit value.
 */
export interface MIB_TCP6ROW2 {
  readonly LocalAddr: Uint8Array;
  readonly dwLocalScopeId: number;
  readonly dwLocalPort: number;
  readonly RemoteAddr: Uint8Array;
  readonly dwRemoteScopeId: number;
  readonly dwRemotePort: number;
  /** A MIB_TCP_STATE value. */
  readonly State: number;
  readonly dwOwningPid: number;
  /** A TCP_CONNECTION_OFFLOAD_STATE value. */
  readonly dwOffloadState: number;
}

/** `sizeof(MIB_TCP6ROW2)`: 16 + 4 + 4 + 16 + 5 DWORDs. */
export const MIB_TCP6ROW2_SIZE = 60;

/** Byte offset of each field inside a row; the DWORD fields are little-endian. */
export const MIB_TCP6ROW2_OFFSET = {
  LocalAddr: 0,
  dwLocalScopeId: 16,
  dwLocalPort: 20,
  RemoteAddr: 24,
  dwRemoteScopeId: 40,
  dwRemotePort: 44,
  State: 48,
  dwOwningPid: 52,
  dwOffloadState: 56,
} as const satisfies Record<keyof MIB_TCP6ROW2, number>;

type AddrField = 'LocalAddr' | 'RemoteAddr';
type DwordField = Exclude<keyof MIB_TCP6ROW2, AddrField>;
const ADDR_FIELDS: readonly AddrField[] = ['LocalAddr', 'RemoteAddr'];
const DWORD_FIELDS: readonly DwordField[] = [
  'dwLocalScopeId',
  'dwLocalPort',
  'dwRemoteScopeId',
  'dwRemotePort',
  'State',
  'dwOwningPid',
  'dwOffloadState',
];

/**
 * The row the table reports for an IPv6 entry: address bytes, ports through `htons`, scope ids through
 * `htonl` (a missing scope id is 0).
 * @throws RangeError when an address is not IPv6 text or a port / scope id / PID is out of range.
 */
export function toMibTcp6Row2(entry: TcpTableEntry): MIB_TCP6ROW2 {
  return {
    LocalAddr: parseIpv6Address(entry.localAddress),
    dwLocalScopeId: htonl(checkUnsigned('localScopeId', entry.localScopeId ?? 0, DWORD_MAX)),
    dwLocalPort: htons(checkUnsigned('localPort', entry.localPort, PORT_MAX)),
    RemoteAddr: parseIpv6Address(entry.remoteAddress),
    dwRemoteScopeId: htonl(checkUnsigned('remoteScopeId', entry.remoteScopeId ?? 0, DWORD_MAX)),
    dwRemotePort: htons(checkUnsigned('remotePort', entry.remotePort, PORT_MAX)),
    State: entry.state,
    dwOwningPid: checkUnsigned('owningPid', entry.owningPid, DWORD_MAX),
    dwOffloadState: entry.offloadState,
  };
}

/**
 * Writes `row` at `offset`: the address bytes as they are, every other field a little-endian DWORD.
 * @throws RangeError when an address is not 16 bytes, a field is not unsigned 32-bit, or the row does not fit.
 */
export function encodeMibTcp6Row2(row: MIB_TCP6ROW2, view: DataView, offset: number): void {
  checkFits(view, offset, MIB_TCP6ROW2_SIZE);
  for (const field of ADDR_FIELDS) {
    if (row[field].length !== IPV6_ADDRESS_BYTES) {
      throw new RangeError(`${field} must be ${IPV6_ADDRESS_BYTES} bytes, got ${row[field].length}`);
    }
  }
  for (const field of DWORD_FIELDS) checkUnsigned(field, row[field], DWORD_MAX);
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (const field of ADDR_FIELDS) bytes.set(row[field], offset + MIB_TCP6ROW2_OFFSET[field]);
  for (const field of DWORD_FIELDS) view.setUint32(offset + MIB_TCP6ROW2_OFFSET[field], row[field], true);
}

/**
 * Reads the row at `offset`; the address arrays are copies, not views of the buffer.
 * @throws RangeError when the row does not fit.
 */
export function decodeMibTcp6Row2(view: DataView, offset: number): MIB_TCP6ROW2 {
  checkFits(view, offset, MIB_TCP6ROW2_SIZE);
  const addr = (field: AddrField): Uint8Array =>
    new Uint8Array(view.buffer, view.byteOffset + offset + MIB_TCP6ROW2_OFFSET[field], IPV6_ADDRESS_BYTES).slice();
  const read = (field: DwordField): number => view.getUint32(offset + MIB_TCP6ROW2_OFFSET[field], true);
  return {
    LocalAddr: addr('LocalAddr'),
    dwLocalScopeId: read('dwLocalScopeId'),
    dwLocalPort: read('dwLocalPort'),
    RemoteAddr: addr('RemoteAddr'),
    dwRemoteScopeId: read('dwRemoteScopeId'),
    dwRemotePort: read('dwRemotePort'),
    State: read('State'),
    dwOwningPid: read('dwOwningPid'),
    dwOffloadState: read('dwOffloadState'),
  };
}

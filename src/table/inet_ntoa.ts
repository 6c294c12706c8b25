/** Winsock `inet_ntoa` / `inet_addr`: between dotted-quad text and the `in_addr` DWORD of MIB_TCPROW2. */
import { parseIpv4Address } from './parseAddress.js';

const BYTE = 0xff;

/**
 * Dotted-quad text of an `in_addr` DWORD. The DWORD holds the address bytes in network order in memory, so
 * on a little-endian host its LOW byte is the first part: `inet_ntoa(0x0100000A) === '10.0.0.1'`.
 */
export function inet_ntoa(inAddr: number): string {
  const value = inAddr >>> 0;
  return [value & BYTE, (value >>> 8) & BYTE, (value >>> 16) & BYTE, value >>> 24].join('.');
}

/**
 * The `in_addr` DWORD of dotted-quad text, read little-endian from the bytes [a,b,c,d]:
 * `inet_addr('10.0.0.1') === 0x0100000A`. Unlike Winsock (which returns INADDR_NONE and accepts octal and
 * short forms) this accepts strict dotted quads only and throws.
 * @throws RangeError naming the text when it is not a dotted quad.
 */
export function inet_addr(text: string): number {
  const bytes = parseIpv4Address(text);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
}

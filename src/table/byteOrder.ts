/** Winsock byte-order helpers (`htons`, `ntohs`, `htonl`, `ntohl`) on a little-endian host, as Windows is. */

const BYTE = 0xff;
const USHORT = 0xffff;

/** Swaps the two bytes of a u_short; the argument is first truncated to 16 bits, like the C cast `(u_short)`. */
function swap16(value: number): number {
  const short = value & USHORT;
  return ((short & BYTE) << 8) | (short >>> 8);
}

/** Reverses the four bytes of a u_long; the result is unsigned 32-bit. */
function swap32(value: number): number {
  const swapped =
    ((value & BYTE) << 24) | (((value >>> 8) & BYTE) << 16) | (((value >>> 16) & BYTE) << 8) | ((value >>> 24) & BYTE);
  return swapped >>> 0;
}

/** Host to network order of a 16-bit value: `htons(49152) === 0x00C0`. Upper 16 bits of the input are dropped. */
export function htons(hostShort: number): number {
  return swap16(hostShort);
}

/** Network to host order of a 16-bit value: `ntohs(0x00C0) === 49152`. Upper 16 bits of the input are dropped. */
export function ntohs(netShort: number): number {
  return swap16(netShort);
}

/** Host to network order of a 32-bit value (a byte swap), unsigned. */
export function htonl(hostLong: number): number {
  return swap32(hostLong);
}

/** Network to host order of a 32-bit value (a byte swap), unsigned. */
export function ntohl(netLong: number): number {
  return swap32(netLong);
}

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of the data
 * taken as big-endian 16-bit words (an odd last byte padded with zero). IPv4 headers and TCP segments
 * (over their pseudo-header) carry it.
 */

/** The one's complement sum of `bytes` as big-endian 16-bit words, added to `sum`, not yet folded. */
export function onesComplementSum(bytes: Uint8Array, sum = 0): number {
  const n = bytes.length;
  const even = n & ~1;
  for (let i = 0; i < even; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (n !== even) sum += bytes[n - 1]! << 8;
  // Fold now and then so the sum stays a small integer however long the data.
  return foldCarries(sum);
}

/** Folds the carries of a sum back into 16 bits. */
export function foldCarries(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** The checksum field's value: the complement of the folded sum of `bytes` (and of `sum`, e.g. a pseudo-header's). */
export function internetChecksum(bytes: Uint8Array, sum = 0): number {
  return ~foldCarries(onesComplementSum(bytes, sum)) & 0xffff;
}

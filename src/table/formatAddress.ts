/**
 * Address bytes back to text, in the one canonical form (RFC 5952 for IPv6), so that two spellings of
 * one address (`::1`, `0::1`, `0:0:0:0:0:0:0:1`) are one address wherever the model keys by address text.
 */
import { IPV4_ADDRESS_BYTES, IPV6_ADDRESS_BYTES, parseAddress } from './parseAddress.js';

const IPV6_GROUPS = IPV6_ADDRESS_BYTES / 2;
/** Bytes 0..11 of an IPv4-mapped IPv6 address (::ffff:0:0/96), printed with its IPv4 part dotted (RFC 5952 §5). */
const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Dotted quad for 4 bytes; RFC 5952 text for 16 (lower case, no leading zeros, the longest run of two or more zero groups as `::`, the first on a tie). */
export function formatAddress(bytes: Uint8Array): string {
  if (bytes.length === IPV4_ADDRESS_BYTES) return bytes.join('.');
  if (bytes.length !== IPV6_ADDRESS_BYTES) throw new RangeError(`an address has 4 or 16 bytes, not ${bytes.length}`);
  if (MAPPED_PREFIX.every((b, i) => bytes[i] === b)) return `::ffff:${bytes.subarray(12).join('.')}`;
  const groups = Array.from({ length: IPV6_GROUPS }, (_, i) => ((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0));
  let best = { at: -1, length: 1 }; // a single zero group is not compressed
  for (let i = 0; i < IPV6_GROUPS; ) {
    let j = i;
    while (j < IPV6_GROUPS && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/**
 * The canonical text of an IPv4 or IPv6 address: `text` itself when it is canonical already (so the
 * strings a caller shares stay shared). @throws RangeError naming the text when it is neither.
 */
export function canonicalAddress(text: string): string {
  const canonical = formatAddress(parseAddress(text));
  return canonical === text ? text : canonical;
}

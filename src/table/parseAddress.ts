/** Parses address text the way the host stack would hand it to the table: IPv4 dotted quads and IPv6 text. */

/** Bytes in an IPv4 address (`in_addr`). */
export const IPV4_ADDRESS_BYTES = 4;
/** Bytes in an IPv6 address (`IN6_ADDR`). */
export const IPV6_ADDRESS_BYTES = 16;

const IPV6_GROUPS = IPV6_ADDRESS_BYTES / 2;
const MAX_OCTET = 0xff;
/** One decimal octet without leading zeros (a leading zero would read as octal to inet_addr). */
const DECIMAL_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/**
 * Parses strict dotted-quad IPv4 text (`10.0.0.1`) into its 4 bytes in network order.
 * Each part is a decimal 0..255 without leading zeros; nothing else is accepted.
 * @throws RangeError naming the text when it is not a dotted quad.
 */
export function parseIpv4Address(text: string): Uint8Array {
  const bytes = tryParseIpv4(text);
  if (!bytes) throw new RangeError(`Invalid IPv4 address text: ${JSON.stringify(text)}`);
  return bytes;
}

/** True when `text` is a strict dotted quad (what `parseIpv4Address` accepts). */
export function isIpv4AddressText(text: string): boolean {
  return tryParseIpv4(text) !== undefined;
}

/**
 * Parses IPv6 text into its 16 bytes in network order: 1-8 hex groups of 1-4 digits, at most one `::`
 * (one or more zero groups), and optionally an embedded dotted quad as the last 32 bits
 * (`::ffff:10.0.0.1`). A zone (`%eth0`) is not accepted: the scope id is a separate field.
 * @throws RangeError naming the text when it is not IPv6 text.
 */
export function parseIpv6Address(text: string): Uint8Array {
  const bytes = tryParseIpv6(text);
  if (!bytes) throw new RangeError(`Invalid IPv6 address text: ${JSON.stringify(text)}`);
  return bytes;
}

/**
 * Parses IPv4 or IPv6 text: 4 bytes for a dotted quad, 16 bytes otherwise.
 * @throws RangeError naming the text when it is neither.
 */
export function parseAddress(text: string): Uint8Array {
  const bytes = tryParseIpv4(text) ?? tryParseIpv6(text);
  if (!bytes) throw new RangeError(`Invalid IP address text (neither IPv4 nor IPv6): ${JSON.stringify(text)}`);
  return bytes;
}

function tryParseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== IPV4_ADDRESS_BYTES) return undefined;
  const bytes = new Uint8Array(IPV4_ADDRESS_BYTES);
  for (const [i, part] of parts.entries()) {
    if (!DECIMAL_OCTET.test(part)) return undefined;
    const value = Number(part);
    if (value > MAX_OCTET) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

/** The 16-bit groups of one side of a `::` (or of the whole text), or undefined when malformed. */
function parseGroups(side: string, mayEndInIpv4: boolean): number[] | undefined {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: number[] = [];
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    if (last && mayEndInIpv4 && part.includes('.')) {
      const v4 = tryParseIpv4(part);
      if (!v4) return undefined;
      groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else {
      if (!HEX_GROUP.test(part)) return undefined;
      groups.push(parseInt(part, 16));
    }
  }
  return groups;
}

function tryParseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let groups: number[];
  if (halves.length === 1) {
    const all = parseGroups(text, true);
    if (!all || all.length !== IPV6_GROUPS) return undefined;
    groups = all;
  } else {
    const head = parseGroups(halves[0] ?? '', false);
    const tail = parseGroups(halves[1] ?? '', true);
    if (!head || !tail || head.length + tail.length >= IPV6_GROUPS) return undefined;
    const zeros: number[] = new Array<number>(IPV6_GROUPS - head.length - tail.length).fill(0);
    groups = [...head, ...zeros, ...tail];
  }
  const bytes = new Uint8Array(IPV6_ADDRESS_BYTES);
  for (const [i, group] of groups.entries()) {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & MAX_OCTET;
  }
  return bytes;
}

/**
 * The pcapng blocks a capture needs (draft-ietf-opsawg-pcapng): a Section Header Block, one Interface
 * Description Block, and an Enhanced Packet Block per packet, with their options (a comment per packet).
 * Written little-endian (the byte-order magic says so); every block and option value is padded to 32 bits
 * and every block ends with its total length again.
 */

/** Block types. */
export const PCAPNG_BLOCK = { SHB: 0x0a0d0d0a, IDB: 0x0000_0001, EPB: 0x0000_0006 } as const;
/** The Section Header Block's byte-order magic. */
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Option codes used here. */
export const PCAPNG_OPTION = {
  opt_endofopt: 0, opt_comment: 1, shb_hardware: 2, shb_os: 3, shb_userappl: 4, if_name: 2, if_description: 3, if_tsresol: 9,
} as const;
/** LINKTYPE_RAW: each packet begins with an IPv4 or IPv6 header (the version nibble tells which). */
export const LINKTYPE_RAW = 101;

/** One option: its code and its value (text is written as UTF-8, without a terminating zero). */
export interface PcapngOption {
  readonly code: number;
  readonly value: Uint8Array | string;
}

const utf8 = new TextEncoder();

/** `n` rounded up to a multiple of 4. */
export function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** The options' bytes, ending with opt_endofopt; no bytes at all when there are no options. */
function optionsBytes(options: readonly PcapngOption[]): Uint8Array {
  if (options.length === 0) return new Uint8Array(0);
  const values = options.map((o) => (typeof o.value === 'string' ? utf8.encode(o.value) : o.value));
  for (const v of values) if (v.length > 0xffff) throw new RangeError(`a pcapng option value has at most 65535 bytes, got ${v.length}`);
  const size = values.reduce((n, v) => n + 4 + pad4(v.length), 0) + 4;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let at = 0;
  options.forEach((o, i) => {
    const v = values[i]!;
    view.setUint16(at, o.code, true);
    view.setUint16(at + 2, v.length, true);
    bytes.set(v, at + 4);
    at += 4 + pad4(v.length);
  });
  return bytes; // the last 4 bytes are zero: opt_endofopt, length 0
}

/** A block: type, total length, `body`, the options, the total length again. */
function block(type: number, body: Uint8Array, options: readonly PcapngOption[]): Uint8Array {
  const opts = optionsBytes(options);
  const total = 12 + body.length + opts.length;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, total, true);
  bytes.set(body, 8);
  bytes.set(opts, 8 + body.length);
  view.setUint32(total - 4, total, true);
  return bytes;
}

/** A Section Header Block, version 1.0, section length unspecified (−1). */
export function sectionHeaderBlock(options: readonly PcapngOption[] = []): Uint8Array {
  const body = new Uint8Array(16);
  const view = new DataView(body.buffer);
  view.setUint32(0, PCAPNG_BYTE_ORDER_MAGIC, true);
  view.setUint16(4, 1, true);
  view.setUint16(6, 0, true);
  view.setBigInt64(8, -1n, true);
  return block(PCAPNG_BLOCK.SHB, body, options);
}

/** An Interface Description Block; `snapLength` 0 means no limit. */
export function interfaceDescriptionBlock(linkType: number, snapLength: number, options: readonly PcapngOption[] = []): Uint8Array {
  const body = new Uint8Array(8);
  const view = new DataView(body.buffer);
  view.setUint16(0, linkType, true);
  view.setUint32(4, snapLength, true);
  return block(PCAPNG_BLOCK.IDB, body, options);
}

/**
 * An Enhanced Packet Block of interface `interfaceId` at `timestamp` (in the interface's resolution units:
 * microseconds by default), the whole packet captured.
 */
export function enhancedPacketBlock(interfaceId: number, timestamp: number, packet: Uint8Array, options: readonly PcapngOption[] = []): Uint8Array {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError(`a pcapng timestamp is a whole number ≥ 0, got ${timestamp}`);
  const body = new Uint8Array(20 + pad4(packet.length));
  const view = new DataView(body.buffer);
  view.setUint32(0, interfaceId, true);
  view.setUint32(4, Math.floor(timestamp / 0x1_0000_0000), true);
  view.setUint32(8, timestamp >>> 0, true);
  view.setUint32(12, packet.length, true);
  view.setUint32(16, packet.length, true);
  body.set(packet, 20);
  return block(PCAPNG_BLOCK.EPB, body, options);
}

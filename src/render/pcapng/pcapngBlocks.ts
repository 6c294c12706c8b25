/**
 * The pcapng blocks a capture needs (draft-ietf-opsawg-pcapng): a Section Header Block, one Interface
 * Description Block, and an Enhanced Packet Block per packet, with their options (a comment per packet).
 * Written little-endian (the byte-order magic says so); every block and option value is padded to 32 bits
 * and every block ends with its total length again. `PcapngWriter` appends blocks to one growing buffer
 * (a long capture makes no object per packet); the `...Block` functions give one block on its own.
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

/** Writes a packet's bytes into `target` at `offset` (the bytes there are zero). */
export type PacketWriter = (target: Uint8Array, offset: number) => void;

const utf8 = new TextEncoder();
const MAX_OPTION_LENGTH = 0xffff;

/** `n` rounded up to a multiple of 4. */
export function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** Appends pcapng blocks to one buffer that grows as needed (new space is zero, so padding needs no writing). */
export class PcapngWriter {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  private at = 0;

  /** A Section Header Block, version 1.0, section length unspecified (−1). */
  sectionHeader(options: readonly PcapngOption[] = []): this {
    return this.block(PCAPNG_BLOCK.SHB, 16, (v, o) => {
      v.setUint32(o, PCAPNG_BYTE_ORDER_MAGIC, true);
      v.setUint16(o + 4, 1, true);
      v.setUint16(o + 6, 0, true);
      v.setBigInt64(o + 8, -1n, true);
    }, options);
  }

  /** An Interface Description Block; `snapLength` 0 means no limit. */
  interfaceDescription(linkType: number, snapLength: number, options: readonly PcapngOption[] = []): this {
    return this.block(PCAPNG_BLOCK.IDB, 8, (v, o) => {
      v.setUint16(o, linkType, true);
      v.setUint32(o + 4, snapLength, true);
    }, options);
  }

  /**
   * An Enhanced Packet Block of interface `interfaceId` at `timestamp` (in the interface's resolution units:
   * microseconds by default), the whole packet of `length` bytes captured; `write` puts the packet in place.
   */
  enhancedPacket(interfaceId: number, timestamp: number, length: number, write: PacketWriter, options: readonly PcapngOption[] = []): this {
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError(`a pcapng timestamp is a whole number ≥ 0, got ${timestamp}`);
    return this.block(PCAPNG_BLOCK.EPB, 20 + pad4(length), (v, o) => {
      v.setUint32(o, interfaceId, true);
      v.setUint32(o + 4, Math.floor(timestamp / 0x1_0000_0000), true);
      v.setUint32(o + 8, timestamp >>> 0, true);
      v.setUint32(o + 12, length, true);
      v.setUint32(o + 16, length, true);
      write(this.bytes, o + 20);
    }, options);
  }

  /** The capture so far (a copy). */
  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.at);
  }

  /** A block: type, total length, the fixed part `body` writes, the options, the total length again. */
  private block(type: number, bodyLength: number, body: (view: DataView, offset: number) => void, options: readonly PcapngOption[]): this {
    const values = options.map((o) => (typeof o.value === 'string' ? utf8.encode(o.value) : o.value));
    for (const v of values) if (v.length > MAX_OPTION_LENGTH) throw new RangeError(`a pcapng option value has at most 65535 bytes, got ${v.length}`);
    const optionsLength = values.length === 0 ? 0 : values.reduce((n, v) => n + 4 + pad4(v.length), 0) + 4;
    const total = 12 + bodyLength + optionsLength;
    this.reserve(total);
    const start = this.at;
    const view = this.view;
    view.setUint32(start, type, true);
    view.setUint32(start + 4, total, true);
    body(view, start + 8);
    let o = start + 8 + bodyLength;
    values.forEach((v, i) => {
      view.setUint16(o, options[i]!.code, true);
      view.setUint16(o + 2, v.length, true);
      this.bytes.set(v, o + 4);
      o += 4 + pad4(v.length);
    });
    // opt_endofopt (code 0, length 0) is the 4 zero bytes already there.
    view.setUint32(start + total - 4, total, true);
    this.at += total;
    return this;
  }

  private reserve(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.at + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }
}

/** A Section Header Block on its own. */
export function sectionHeaderBlock(options: readonly PcapngOption[] = []): Uint8Array {
  return new PcapngWriter().sectionHeader(options).toBytes();
}

/** An Interface Description Block on its own. */
export function interfaceDescriptionBlock(linkType: number, snapLength: number, options: readonly PcapngOption[] = []): Uint8Array {
  return new PcapngWriter().interfaceDescription(linkType, snapLength, options).toBytes();
}

/** An Enhanced Packet Block of `packet` on its own. */
export function enhancedPacketBlock(interfaceId: number, timestamp: number, packet: Uint8Array, options: readonly PcapngOption[] = []): Uint8Array {
  return new PcapngWriter().enhancedPacket(interfaceId, timestamp, packet.length, (target, offset) => target.set(packet, offset), options).toBytes();
}

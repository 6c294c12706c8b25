/** A small pcapng reader for the tests: the blocks of a little-endian capture, with their options. */

export interface ReadBlock {
  type: number;
  totalLength: number;
  /** The bytes between the total length and the options (fixed fields and, for an EPB, the padded packet). */
  view: DataView;
  /** Options by code, values as bytes, in order. */
  options: Array<{ code: number; value: Uint8Array }>;
  /** For an EPB: the packet's bytes. */
  packet?: Uint8Array;
  /** For an EPB: the timestamp, high and low words combined. */
  timestamp?: number;
}

/** Fixed-field sizes before the options, by block type (EPB: plus the padded packet). */
const FIXED: Record<number, number> = { 0x0a0d0d0a: 16, 1: 8, 6: 20 };

export function readPcapng(bytes: Uint8Array): ReadBlock[] {
  const all = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blocks: ReadBlock[] = [];
  for (let at = 0; at < bytes.length; ) {
    const type = all.getUint32(at, true);
    const totalLength = all.getUint32(at + 4, true);
    if (totalLength % 4 !== 0) throw new Error(`block at ${at}: length ${totalLength} is not a multiple of 4`);
    if (all.getUint32(at + totalLength - 4, true) !== totalLength) throw new Error(`block at ${at}: trailing length differs`);
    const view = new DataView(bytes.buffer, bytes.byteOffset + at + 8, totalLength - 12);
    let fixed = FIXED[type];
    if (fixed === undefined) throw new Error(`block at ${at}: unknown type ${type}`);
    const block: ReadBlock = { type, totalLength, view, options: [] };
    if (type === 6) {
      const captured = view.getUint32(12, true);
      block.packet = bytes.slice(at + 8 + 20, at + 8 + 20 + captured);
      block.timestamp = view.getUint32(4, true) * 0x1_0000_0000 + view.getUint32(8, true);
      fixed += (captured + 3) & ~3;
    }
    for (let o = fixed; o < view.byteLength; ) {
      const code = view.getUint16(o, true);
      const length = view.getUint16(o + 2, true);
      if (code === 0) break;
      block.options.push({ code, value: new Uint8Array(view.buffer, view.byteOffset + o + 4, length).slice() });
      o += 4 + ((length + 3) & ~3);
    }
    blocks.push(block);
    at += totalLength;
  }
  return blocks;
}

/** The text of option `code` of a block (UTF-8), or undefined. */
export function optionText(block: ReadBlock, code: number): string | undefined {
  const o = block.options.find((x) => x.code === code);
  return o ? new TextDecoder().decode(o.value) : undefined;
}

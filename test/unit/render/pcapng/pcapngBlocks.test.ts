import { describe, expect, it } from 'vitest';
import {
  enhancedPacketBlock, interfaceDescriptionBlock, LINKTYPE_RAW, pad4, PCAPNG_OPTION, sectionHeaderBlock,
} from '../../../../src/render/pcapng/pcapngBlocks.js';
import { optionText, readPcapng } from './readPcapng.js';

const le32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);

describe('pcapng blocks', () => {
  it('a Section Header Block without options is 28 bytes: type, length, byte-order magic, version 1.0, section length -1, length', () => {
    const b = sectionHeaderBlock();
    expect([...b]).toEqual([
      0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 28, 0, 0, 0,
    ]);
  });

  it('options are code, length, the value padded to 32 bits, and end with opt_endofopt', () => {
    const b = sectionHeaderBlock([{ code: PCAPNG_OPTION.shb_userappl, value: 'abcde' }]);
    // 28 + option header 4 + "abcde" padded to 8 + endofopt 4
    expect(b.length).toBe(44);
    expect(le32(b, 4)).toBe(44);
    expect([...b.subarray(24, 40)]).toEqual([4, 0, 5, 0, 0x61, 0x62, 0x63, 0x64, 0x65, 0, 0, 0, 0, 0, 0, 0]);
    expect(le32(b, 40)).toBe(44);
    expect(optionText(readPcapng(b)[0]!, PCAPNG_OPTION.shb_userappl)).toBe('abcde');
  });

  it('an Interface Description Block carries the link type and snap length', () => {
    const b = interfaceDescriptionBlock(LINKTYPE_RAW, 0);
    expect([...b]).toEqual([1, 0, 0, 0, 20, 0, 0, 0, 101, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0]);
  });

  it('an Enhanced Packet Block: interface, 64-bit timestamp in two words, captured and original length, the packet padded, a comment', () => {
    const packet = Uint8Array.of(1, 2, 3, 4, 5);
    const timestamp = 5 * 2 ** 32 + 7;
    const b = enhancedPacketBlock(0, timestamp, packet, [{ code: PCAPNG_OPTION.opt_comment, value: 'trace #1' }]);
    expect(le32(b, 0)).toBe(6);
    expect(b.length % 4).toBe(0);
    expect(b.length).toBe(12 + 20 + pad4(5) + 4 + 8 + 4);
    expect(le32(b, 8)).toBe(0);
    expect(le32(b, 12)).toBe(5);
    expect(le32(b, 16)).toBe(7);
    expect(le32(b, 20)).toBe(5);
    expect(le32(b, 24)).toBe(5);
    expect([...b.subarray(28, 36)]).toEqual([1, 2, 3, 4, 5, 0, 0, 0]);
    const [read] = readPcapng(b);
    expect(read!.timestamp).toBe(timestamp);
    expect([...read!.packet!]).toEqual([...packet]);
    expect(optionText(read!, PCAPNG_OPTION.opt_comment)).toBe('trace #1');
  });

  it('refuses a negative or fractional timestamp and an option longer than 65535 bytes', () => {
    expect(() => enhancedPacketBlock(0, -1, new Uint8Array(0))).toThrow('a pcapng timestamp is a whole number ≥ 0, got -1');
    expect(() => enhancedPacketBlock(0, 1.5, new Uint8Array(0))).toThrow('got 1.5');
    expect(() => sectionHeaderBlock([{ code: 1, value: new Uint8Array(65536) }])).toThrow('a pcapng option value has at most 65535 bytes, got 65536');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCarries, internetChecksum, onesComplementSum } from '../../../../src/render/pcapng/internetChecksum.js';

describe('internetChecksum (RFC 1071)', () => {
  it('gives the worked example of RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum 220d', () => {
    const bytes = Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
    expect(onesComplementSum(bytes)).toBe(0xddf2);
    expect(internetChecksum(bytes)).toBe(0x220d);
  });

  it('pads an odd last byte with zero', () => {
    expect(internetChecksum(Uint8Array.of(0x12, 0x34, 0x56))).toBe(internetChecksum(Uint8Array.of(0x12, 0x34, 0x56, 0x00)));
  });

  it('folds carries back into 16 bits', () => {
    expect(foldCarries(0x1_fffe)).toBe(0xffff);
    expect(foldCarries(0x2_0001)).toBe(0x0003);
  });

  it('data followed by its checksum sums to 0xffff (how a receiver verifies it)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }).map((a) => (a.length % 2 ? Uint8Array.of(...a, 0) : a)), (data) => {
        const c = internetChecksum(data);
        const withSum = Uint8Array.of(...data, c >> 8, c & 0xff);
        expect(foldCarries(onesComplementSum(withSum))).toBe(0xffff);
      }),
    );
  });
});

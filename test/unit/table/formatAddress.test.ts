import { describe, expect, it } from 'vitest';
import { canonicalAddress, formatAddress } from '../../../src/table/formatAddress.js';
import { parseAddress } from '../../../src/table/parseAddress.js';

describe('formatAddress / canonicalAddress (RFC 5952)', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['::1', '::1'],
    ['0::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::', '::'],
    ['FE80::0001', 'fe80::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // the first of two equal runs
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // one zero group stays
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['0:0:0:0:0:ffff:a00:1', '::ffff:10.0.0.1'],
    ['1::', '1::'],
  ])('%s is %s', (text, canonical) => {
    expect(canonicalAddress(text)).toBe(canonical);
  });

  it('reads back as the same bytes', () => {
    for (const text of ['fe80::1:2', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', '0.0.0.0', '1:0:0:2::3']) {
      expect(parseAddress(formatAddress(parseAddress(text)))).toEqual(parseAddress(text));
    }
  });

  it('refuses what is not an address, and byte strings of other lengths', () => {
    expect(() => canonicalAddress('fe80::1%eth0')).toThrow(/fe80::1%eth0/);
    expect(() => formatAddress(new Uint8Array(5))).toThrow(/4 or 16 bytes, not 5/);
  });
});

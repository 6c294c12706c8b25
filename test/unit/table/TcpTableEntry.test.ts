/** Which table an entry belongs to: IPv4 when both addresses are dotted quads, IPv6 otherwise. */
import { describe, expect, it } from 'vitest';
import { addressFamilyOf } from '../../../src/table/index.js';
import { entry } from './fixtures.js';

describe('addressFamilyOf', () => {
  it('is IPv4 when both addresses are dotted quads', () => {
    expect(addressFamilyOf(entry())).toBe('IPv4');
  });

  it('is IPv6 when both addresses are IPv6 text, including a v4-mapped address', () => {
    expect(addressFamilyOf(entry({ localAddress: 'fe80::1', remoteAddress: '::ffff:10.0.0.2' }))).toBe('IPv6');
  });

  it('is IPv6 when only one address is a dotted quad, and then that text must be IPv6: RangeError', () => {
    expect(() => addressFamilyOf(entry({ remoteAddress: 'fe80::2' }))).toThrow(RangeError);
    expect(() => addressFamilyOf(entry({ remoteAddress: 'fe80::2' }))).toThrow('"10.0.0.1"');
  });

  it('throws a RangeError naming malformed text', () => {
    expect(() => addressFamilyOf(entry({ localAddress: '10.0.0.300' }))).toThrow('"10.0.0.300"');
  });
});

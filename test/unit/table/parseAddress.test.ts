/** Address text -> bytes: dotted quads, IPv6 with `::` and embedded IPv4, and RangeError on bad text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIpv4AddressText, parseAddress, parseIpv4Address, parseIpv6Address } from '../../../src/table/index.js';
import { SEED } from './fixtures.js';

/** All eight groups written out, no compression: an unambiguous form for the URL oracle. */
function fullForm(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < bytes.length; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

/** The WHATWG URL parser's canonical form of IPv6 text. */
function canonical(text: string): string {
  return new URL(`http://[${text}]/`).hostname;
}

describe('parseIpv4Address', () => {
  it('returns the four bytes in network order', () => {
    expect([...parseIpv4Address('10.0.0.1')]).toEqual([10, 0, 0, 1]);
    expect([...parseIpv4Address('255.255.255.255')]).toEqual([255, 255, 255, 255]);
    expect([...parseIpv4Address('0.0.0.0')]).toEqual([0, 0, 0, 0]);
  });

  const bad = ['', '10.0.0', '10.0.0.1.2', '256.0.0.1', '10.0.0.01', '10.0.0.-1', '10.0.0.1 ', 'a.b.c.d', '10..0.1'];
  it.each([...bad, '0x0a.0.0.1'])('rejects %j with a RangeError naming the text', (text) => {
    expect(() => parseIpv4Address(text)).toThrow(RangeError);
    expect(() => parseIpv4Address(text)).toThrow(JSON.stringify(text));
    expect(isIpv4AddressText(text)).toBe(false);
  });
});

describe('parseIpv6Address', () => {
  it.each([
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['fe80::1', 'fe800000000000000000000000000001'],
    ['2001:db8::8a2e:370:7334', '20010db80000000000008a2e03707334'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'],
    ['::ffff:10.0.0.1', '00000000000000000000ffff0a000001'],
    ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221'],
    ['1:2:3:4:5:6:1.2.3.4', '00010002000300040005000601020304'],
    ['FE80::ABCD', 'fe80000000000000000000000000abcd'],
  ])('%s -> %s', (text, hex) => {
    expect(Buffer.from(parseIpv6Address(text)).toString('hex')).toBe(hex);
  });

  it.each([
    '',
    ':',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8::',
    '12345::',
    'g::1',
    ':1::',
    'fe80::1%eth0',
    '[::1]',
    '1.2.3.4::',
    '::1.2.3',
    '::256.0.0.1',
    '1:2:3:4:5:6:7:1.2.3.4',
    '10.0.0.1',
  ])('rejects %j with a RangeError naming the text', (text) => {
    expect(() => parseIpv6Address(text)).toThrow(RangeError);
    expect(() => parseIpv6Address(text)).toThrow(JSON.stringify(text));
  });

  it(`agrees with the WHATWG URL parser on generated IPv6 text (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        const bytes = parseIpv6Address(text);
        expect(bytes).toHaveLength(16);
        expect(canonical(fullForm(bytes))).toBe(canonical(text));
      }),
      { seed: SEED },
    );
  });
});

describe('parseAddress', () => {
  it('gives 4 bytes for a dotted quad and 16 for IPv6 text', () => {
    expect(parseAddress('192.168.1.1')).toHaveLength(4);
    expect(parseAddress('::ffff:192.168.1.1')).toHaveLength(16);
  });

  it('throws a RangeError naming text that is neither', () => {
    expect(() => parseAddress('localhost')).toThrow(RangeError);
    expect(() => parseAddress('localhost')).toThrow('"localhost"');
  });

  it(`accepts every generated dotted quad (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        expect([...parseAddress(text)].join('.')).toBe(text);
      }),
      { seed: SEED },
    );
  });
});

/** Byte order helpers: htons/ntohs/htonl/ntohl and inet_ntoa/inet_addr, as Winsock on little-endian Windows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htonl, htons, inet_addr, inet_ntoa, ntohl, ntohs } from '../../../src/table/index.js';
import { SEED } from './fixtures.js';

describe('htons / ntohs', () => {
  it('swap the two bytes of a port', () => {
    expect(htons(49152)).toBe(0x00c0);
    expect(ntohs(0x00c0)).toBe(49152);
    expect(htons(80)).toBe(0x5000);
    expect(htons(443)).toBe(0xbb01);
    expect(htons(0)).toBe(0);
    expect(htons(0xffff)).toBe(0xffff);
  });

  it('truncate to 16 bits first, like the C cast (u_short)', () => {
    expect(ntohs(0xdead00c0)).toBe(49152);
  });

  it(`are inverses on every port (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (port) => {
        expect(ntohs(htons(port))).toBe(port);
        expect(htons(port)).toBeLessThanOrEqual(0xffff);
      }),
      { seed: SEED },
    );
  });
});

describe('htonl / ntohl', () => {
  it('reverse the four bytes and stay unsigned', () => {
    expect(htonl(0x0a000001)).toBe(0x0100000a);
    expect(ntohl(0x0100000a)).toBe(0x0a000001);
    expect(htonl(0x000000ff)).toBe(0xff000000);
    expect(htonl(1)).toBe(0x01000000);
  });

  it(`are inverses on every DWORD (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (value) => {
        expect(ntohl(htonl(value))).toBe(value);
      }),
      { seed: SEED },
    );
  });
});

describe('inet_ntoa / inet_addr', () => {
  it('read the in_addr DWORD with its low byte first', () => {
    expect(inet_addr('10.0.0.1')).toBe(0x0100000a);
    expect(inet_ntoa(0x0100000a)).toBe('10.0.0.1');
    expect(inet_ntoa(0)).toBe('0.0.0.0');
    expect(inet_ntoa(0xffffffff)).toBe('255.255.255.255');
    expect(inet_addr('192.168.1.2')).toBe(0x0201a8c0);
  });

  it('agree with the bytes in memory: the DWORD written little-endian is a,b,c,d', () => {
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, inet_addr('172.16.5.9'), true);
    expect([...new Uint8Array(view.buffer)]).toEqual([172, 16, 5, 9]);
  });

  it('inet_addr throws a RangeError naming bad text', () => {
    expect(() => inet_addr('10.0.0.256')).toThrow(RangeError);
    expect(() => inet_addr('10.0.0.256')).toThrow('"10.0.0.256"');
  });

  it(`round-trip every dotted quad and every DWORD (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 0xffffffff }), (text, dword) => {
        expect(inet_ntoa(inet_addr(text))).toBe(text);
        expect(inet_addr(inet_ntoa(dword))).toBe(dword);
      }),
      { seed: SEED },
    );
  });
});

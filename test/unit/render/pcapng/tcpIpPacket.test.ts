import { describe, expect, it } from 'vitest';
import { foldCarries, onesComplementSum } from '../../../../src/render/pcapng/internetChecksum.js';
import { MAX_TCP_DATA_PER_PACKET, TCP_FLAG, tcpIpPacket, type TcpIpFields } from '../../../../src/render/pcapng/tcpIpPacket.js';
import { parseAddress } from '../../../../src/table/parseAddress.js';

const V4: TcpIpFields = {
  source: parseAddress('10.0.0.1'), destination: parseAddress('10.0.0.2'), sourcePort: 49152, destinationPort: 443,
  seq: 0x01020304, ack: 0xfffffffe, flags: TCP_FLAG.ACK | TCP_FLAG.PSH, window: 65535, urgentPointer: 7, dataLength: 5, identification: 0x1234, hopLimit: 64,
};
const V6: TcpIpFields = { ...V4, source: parseAddress('fe80::1'), destination: parseAddress('2001:db8::2') };

/** The TCP checksum recomputed from scratch over the pseudo-header (built byte by byte) and the whole segment. */
function tcpChecksumHolds(packet: Uint8Array, ipHeader: number, v6: boolean): boolean {
  const segment = packet.subarray(ipHeader);
  const pseudo = v6
    ? Uint8Array.of(...packet.subarray(8, 40), 0, 0, segment.length >> 8, segment.length & 0xff, 0, 0, 0, 6)
    : Uint8Array.of(...packet.subarray(12, 20), 0, 6, segment.length >> 8, segment.length & 0xff);
  return foldCarries(onesComplementSum(segment, onesComplementSum(pseudo))) === 0xffff;
}

describe('tcpIpPacket', () => {
  it('writes an IPv4 header: version 4, IHL 5, total length, DF, TTL, protocol 6, the addresses, and a checksum that verifies', () => {
    const p = tcpIpPacket(V4);
    const v = new DataView(p.buffer);
    expect(p.length).toBe(20 + 20 + 5);
    expect(p[0]).toBe(0x45);
    expect(v.getUint16(2)).toBe(45);
    expect(v.getUint16(4)).toBe(0x1234);
    expect(v.getUint16(6)).toBe(0x4000);
    expect(p[8]).toBe(64);
    expect(p[9]).toBe(6);
    expect([...p.subarray(12, 16)]).toEqual([10, 0, 0, 1]);
    expect([...p.subarray(16, 20)]).toEqual([10, 0, 0, 2]);
    expect(foldCarries(onesComplementSum(p.subarray(0, 20)))).toBe(0xffff);
  });

  it('writes the TCP header: ports, sequence and acknowledgement numbers, data offset 5, flags, window, urgent pointer only with URG, and a checksum over the pseudo-header that verifies', () => {
    const p = tcpIpPacket(V4);
    const t = new DataView(p.buffer, 20);
    expect(t.getUint16(0)).toBe(49152);
    expect(t.getUint16(2)).toBe(443);
    expect(t.getUint32(4)).toBe(0x01020304);
    expect(t.getUint32(8)).toBe(0xfffffffe);
    expect(p[20 + 12]).toBe(0x50);
    expect(p[20 + 13]).toBe(0x18);
    expect(t.getUint16(14)).toBe(65535);
    expect(t.getUint16(18)).toBe(0);
    expect([...p.subarray(40)]).toEqual([0, 0, 0, 0, 0]);
    expect(tcpChecksumHolds(p, 20, false)).toBe(true);
    const urgent = tcpIpPacket({ ...V4, flags: TCP_FLAG.ACK | TCP_FLAG.URG });
    expect(new DataView(urgent.buffer).getUint16(20 + 18)).toBe(7);
  });

  it('writes no acknowledgement number without ACK, and wraps sequence numbers at 2³²', () => {
    const p = tcpIpPacket({ ...V4, flags: TCP_FLAG.RST, seq: 2 ** 32 + 5 });
    const t = new DataView(p.buffer, 20);
    expect(t.getUint32(4)).toBe(5);
    expect(t.getUint32(8)).toBe(0);
    expect(p[20 + 13]).toBe(TCP_FLAG.RST);
    expect(tcpChecksumHolds(p, 20, false)).toBe(true);
  });

  it('writes an IPv6 header (version 6, payload length, next header 6, hop limit, addresses) and a TCP checksum over the IPv6 pseudo-header', () => {
    const p = tcpIpPacket({ ...V6, dataLength: 3 });
    const v = new DataView(p.buffer);
    expect(p.length).toBe(40 + 20 + 3);
    expect(v.getUint32(0)).toBe(0x6000_0000);
    expect(v.getUint16(4)).toBe(23);
    expect(p[6]).toBe(6);
    expect(p[7]).toBe(64);
    expect([...p.subarray(8, 24)]).toEqual([...parseAddress('fe80::1')]);
    expect([...p.subarray(24, 40)]).toEqual([...parseAddress('2001:db8::2')]);
    expect(tcpChecksumHolds(p, 40, true)).toBe(true);
  });

  it('verifies for every length up to the largest packet, odd and even', () => {
    for (const dataLength of [0, 1, 2, 1459, 1460, MAX_TCP_DATA_PER_PACKET]) {
      expect(tcpChecksumHolds(tcpIpPacket({ ...V4, dataLength }), 20, false), `IPv4, ${dataLength} bytes`).toBe(true);
      expect(tcpChecksumHolds(tcpIpPacket({ ...V6, dataLength }), 40, true), `IPv6, ${dataLength} bytes`).toBe(true);
    }
    expect(new DataView(tcpIpPacket({ ...V4, dataLength: MAX_TCP_DATA_PER_PACKET }).buffer).getUint16(2)).toBe(0xffff);
  });

  it('refuses mixed address families and data that does not fit one packet', () => {
    expect(() => tcpIpPacket({ ...V4, destination: parseAddress('::1') })).toThrow('addresses must be both IPv4 (4 bytes) or both IPv6 (16 bytes), got 4 and 16');
    expect(() => tcpIpPacket({ ...V4, dataLength: MAX_TCP_DATA_PER_PACKET + 1 })).toThrow(`a packet carries 0 to ${MAX_TCP_DATA_PER_PACKET} bytes of TCP data, got 65496`);
  });
});

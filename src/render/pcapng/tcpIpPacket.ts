/**
 * One TCP segment as the bytes of an IP packet: an IPv4 (RFC 791) or IPv6 (RFC 8200) header, then a
 * 20-byte TCP header (RFC 9293, no options), then the data. Both checksums are real: the IPv4 header
 * checksum, and the TCP checksum over the pseudo-header of the address family. The model counts bytes
 * and does not carry them, so the data is that many zero bytes (which add nothing to the checksum).
 */
import { internetChecksum, onesComplementSum } from './internetChecksum.js';

/** IP protocol number of TCP. */
export const IPPROTO_TCP = 6;
export const IPV4_HEADER_SIZE = 20;
export const IPV6_HEADER_SIZE = 40;
export const TCP_HEADER_SIZE = 20;
/** The most data one packet can carry in either family (IPv4's total length is 16 bits: 65535 − 20 − 20). */
export const MAX_TCP_DATA_PER_PACKET = 0xffff - IPV4_HEADER_SIZE - TCP_HEADER_SIZE;

/** The TCP header's flag bits. */
export const TCP_FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20 } as const;

/** What goes into one packet. Addresses are 4 bytes (IPv4) or 16 (IPv6), both the same family. */
export interface TcpIpFields {
  readonly source: Uint8Array;
  readonly destination: Uint8Array;
  readonly sourcePort: number;
  readonly destinationPort: number;
  /** Sequence number (mod 2³²). */
  readonly seq: number;
  /** Acknowledgement number (mod 2³²); meaningful when `flags` has ACK. */
  readonly ack: number;
  /** TCP_FLAG bits. */
  readonly flags: number;
  readonly window: number;
  /** Offset from `seq` to the end of the urgent data; meaningful when `flags` has URG. */
  readonly urgentPointer: number;
  /** Bytes of data after the header. */
  readonly dataLength: number;
  /** IPv4 Identification (ignored for IPv6). */
  readonly identification: number;
  /** IPv4 TTL / IPv6 hop limit. */
  readonly hopLimit: number;
}

/** The packet's size in bytes: IP header, TCP header, data. */
export function tcpIpPacketLength(f: TcpIpFields): number {
  return (f.source.length === 4 ? IPV4_HEADER_SIZE : IPV6_HEADER_SIZE) + TCP_HEADER_SIZE + f.dataLength;
}

/**
 * The packet's bytes, starting with the IP version nibble (LINKTYPE_RAW).
 * @throws RangeError when the addresses are not both 4 or both 16 bytes, or the data does not fit one packet.
 */
export function tcpIpPacket(f: TcpIpFields): Uint8Array {
  checkFields(f);
  const packet = new Uint8Array(tcpIpPacketLength(f));
  writeTcpIpPacket(f, packet, 0);
  return packet;
}

/**
 * Writes the packet into `target` at `offset`, where the data's bytes are zero already (a fresh buffer).
 * @throws RangeError as `tcpIpPacket` does.
 */
export function writeTcpIpPacket(f: TcpIpFields, target: Uint8Array, offset: number): void {
  checkFields(f);
  const v4 = f.source.length === 4;
  const ipSize = v4 ? IPV4_HEADER_SIZE : IPV6_HEADER_SIZE;
  const tcpLength = TCP_HEADER_SIZE + f.dataLength;
  const packet = target.subarray(offset, offset + ipSize + tcpLength);
  const view = new DataView(target.buffer, target.byteOffset + offset, ipSize + TCP_HEADER_SIZE);
  if (v4) writeIpv4Header(view, packet, f, tcpLength);
  else writeIpv6Header(view, packet, f, tcpLength);
  const t = ipSize;
  view.setUint16(t, f.sourcePort);
  view.setUint16(t + 2, f.destinationPort);
  view.setUint32(t + 4, f.seq >>> 0);
  view.setUint32(t + 8, f.flags & TCP_FLAG.ACK ? f.ack >>> 0 : 0);
  view.setUint8(t + 12, (TCP_HEADER_SIZE / 4) << 4); // data offset in 32-bit words, no options
  view.setUint8(t + 13, f.flags);
  view.setUint16(t + 14, f.window);
  view.setUint16(t + 18, f.flags & TCP_FLAG.URG ? f.urgentPointer : 0);
  // The data is zeros: they add nothing to the sum, so only the header and the pseudo-header are summed.
  const pseudo = pseudoHeaderSum(f.source, f.destination, tcpLength);
  view.setUint16(t + 16, internetChecksum(packet.subarray(t, t + TCP_HEADER_SIZE), pseudo));
}

function checkFields(f: TcpIpFields): void {
  if ((f.source.length !== 4 && f.source.length !== 16) || f.destination.length !== f.source.length) {
    throw new RangeError(`addresses must be both IPv4 (4 bytes) or both IPv6 (16 bytes), got ${f.source.length} and ${f.destination.length}`);
  }
  if (!Number.isInteger(f.dataLength) || f.dataLength < 0 || f.dataLength > MAX_TCP_DATA_PER_PACKET) {
    throw new RangeError(`a packet carries 0 to ${MAX_TCP_DATA_PER_PACKET} bytes of TCP data, got ${f.dataLength}`);
  }
}

function writeIpv4Header(view: DataView, packet: Uint8Array, f: TcpIpFields, tcpLength: number): void {
  view.setUint8(0, 0x45); // version 4, IHL 5 words
  view.setUint16(2, IPV4_HEADER_SIZE + tcpLength);
  view.setUint16(4, f.identification & 0xffff);
  view.setUint16(6, 0x4000); // DF, fragment offset 0
  view.setUint8(8, f.hopLimit);
  view.setUint8(9, IPPROTO_TCP);
  packet.set(f.source, 12);
  packet.set(f.destination, 16);
  view.setUint16(10, internetChecksum(packet.subarray(0, IPV4_HEADER_SIZE)));
}

function writeIpv6Header(view: DataView, packet: Uint8Array, f: TcpIpFields, tcpLength: number): void {
  view.setUint32(0, 0x6000_0000); // version 6, traffic class 0, flow label 0
  view.setUint16(4, tcpLength);
  view.setUint8(6, IPPROTO_TCP);
  view.setUint8(7, f.hopLimit);
  packet.set(f.source, 8);
  packet.set(f.destination, 24);
}

/** The one's complement sum of the TCP pseudo-header: addresses, protocol, TCP length (the same sum for both families). */
export function pseudoHeaderSum(source: Uint8Array, destination: Uint8Array, tcpLength: number): number {
  // IPv4: zero, protocol, 16-bit length; IPv6: 32-bit length, three zeros, next header. As 16-bit words both add
  // up to the addresses + protocol + length (the IPv6 length's high word is 0 for any length a packet can have).
  return onesComplementSum(destination, onesComplementSum(source, IPPROTO_TCP + tcpLength));
}

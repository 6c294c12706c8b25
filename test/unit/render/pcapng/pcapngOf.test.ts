import { describe, expect, it } from 'vitest';
import { createSimulation, TCPSTATE } from '../../../../src/index.js';
import { LINKTYPE_RAW, PCAPNG_BLOCK, PCAPNG_OPTION } from '../../../../src/render/pcapng/pcapngBlocks.js';
import { pcapngOf, pcapngOfTrace } from '../../../../src/render/pcapng/pcapngOf.js';
import { MAX_TCP_DATA_PER_PACKET, TCP_FLAG } from '../../../../src/render/pcapng/tcpIpPacket.js';
import { optionText, readPcapng, type ReadBlock } from './readPcapng.js';

function tcpOf(b: ReadBlock, ipHeader = 20) {
  const p = b.packet!;
  const t = new DataView(p.buffer, p.byteOffset + ipHeader);
  return { src: t.getUint16(0), dst: t.getUint16(2), seq: t.getUint32(4), ack: t.getUint32(8), flags: p[ipHeader + 13]!, len: p.length - ipHeader - 20 };
}

function sim(local = '10.0.0.1', remote = '10.0.0.2') {
  const s = createSimulation({ intermediateDrivers: 1 });
  s.addConnection({ id: 'c1', localAddress: local, localPort: 49152, remoteAddress: remote, remotePort: 443, owningPid: 7 });
  return s;
}

describe('pcapngOf', () => {
  it('writes a section header, one raw-IP interface, and one packet per segment the wire delivered, stamped with the virtual time', () => {
    const s = sim();
    s.offload('c1');
    s.run();
    s.send('c1', 100);
    s.peerSend('c1', 30);
    s.run();
    const blocks = readPcapng(pcapngOf(s));
    expect(blocks.map((b) => b.type)).toEqual([PCAPNG_BLOCK.SHB, PCAPNG_BLOCK.IDB, ...Array(4).fill(PCAPNG_BLOCK.EPB)]);
    expect(optionText(blocks[0]!, PCAPNG_OPTION.shb_userappl)).toBe('chimney-sim');
    expect(blocks[1]!.view.getUint16(0, true)).toBe(LINKTYPE_RAW);
    const segments = s.trace.events.filter((e) => e.kind === 'segment');
    expect(blocks.slice(2).map((b) => b.timestamp)).toEqual(segments.map((e) => e.time));
    const packets = blocks.slice(2).map((b) => tcpOf(b));
    // The target's 100 bytes (seq 1 on the wire), the peer's 30 with PSH, then the ACKs of each.
    expect(packets).toContainEqual({ src: 49152, dst: 443, seq: 1, ack: 1, flags: TCP_FLAG.ACK, len: 100 });
    expect(packets).toContainEqual({ src: 443, dst: 49152, seq: 1, ack: 1, flags: TCP_FLAG.ACK | TCP_FLAG.PSH, len: 30 });
    expect(packets).toContainEqual({ src: 443, dst: 49152, seq: 31, ack: 101, flags: TCP_FLAG.ACK, len: 0 });
    expect(packets).toContainEqual({ src: 49152, dst: 443, seq: 101, ack: 31, flags: TCP_FLAG.ACK, len: 0 });
  });

  it('comments each packet with its trace event, pending item, and the offload and TCP state of the connection at that moment', () => {
    const s = sim();
    s.send('c1', 10); // in the host
    s.run();
    s.offload('c1');
    s.run();
    s.disconnect('c1'); // offloaded: the target sends the FIN
    s.run();
    const comments = readPcapng(pcapngOf(s)).slice(2).map((b) => optionText(b, PCAPNG_OPTION.opt_comment));
    const segments = s.trace.events.filter((e) => e.kind === 'segment');
    expect(comments[0]).toBe(`trace #${segments[0]!.seq}, pending item #${segments[0]!.item}: host ⇢ peer seq 0 len 10 ack 0 win 65535; tcp c1: offload InHost, tcp ESTABLISHED`);
    expect(comments).toContain(`trace #${segments[2]!.seq}, pending item #${segments[2]!.item}: target ⇢ peer seq 10 len 0 ack 0 win 65535 FIN; tcp c1: offload Offloaded, tcp FIN_WAIT_1`);
  });

  it('starts from the state a connection was declared in (the first change\'s "from"), not the one it ends in', () => {
    const s = createSimulation();
    s.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 1000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7, state: TCPSTATE.TCPSTATE_FIN_WAIT_1 });
    s.peerFin('c1');
    s.run();
    expect(s.connection('c1').tcp).not.toBe(TCPSTATE.TCPSTATE_FIN_WAIT_1);
    const first = optionText(readPcapng(pcapngOf(s))[2]!, PCAPNG_OPTION.opt_comment);
    expect(first).toMatch(/peer ⇢ NIC seq 0 len 0 ack 0 win 65535 FIN; tcp c1: offload InHost, tcp FIN_WAIT_1$/);
  });

  it('writes IPv6 packets for an IPv6 connection', () => {
    const s = sim('fe80::1', 'fe80::2');
    s.peerSend('c1', 5);
    s.run();
    const [first] = readPcapng(pcapngOf(s)).slice(2);
    expect(first!.packet![0]! >> 4).toBe(6);
    expect(tcpOf(first!, 40)).toMatchObject({ src: 443, dst: 49152, len: 5 });
  });

  it('splits a segment longer than one packet can carry, PSH only on the last', () => {
    const s = sim();
    s.offload('c1');
    s.run();
    s.peerSend('c1', MAX_TCP_DATA_PER_PACKET + 10);
    s.run();
    const fromPeer = readPcapng(pcapngOf(s)).slice(2).map((b) => tcpOf(b)).filter((p) => p.src === 443);
    expect(fromPeer).toEqual([
      { src: 443, dst: 49152, seq: 1, ack: 1, flags: TCP_FLAG.ACK, len: MAX_TCP_DATA_PER_PACKET },
      { src: 443, dst: 49152, seq: 1 + MAX_TCP_DATA_PER_PACKET, ack: 1, flags: TCP_FLAG.ACK | TCP_FLAG.PSH, len: 10 },
    ]);
  });

  it('names a connection the host has no TCB for by its 4-tuple, and refuses a name that is neither', () => {
    const event = { seq: 1, time: 0, kind: 'segment' as const, from: 'peer', to: 'NIC', item: 1, segment: 'seq 0 len 0 ack 0' };
    const [, , packet] = readPcapng(pcapngOfTrace([{ ...event, object: '10.0.0.9:7-10.0.0.8:8' }], []));
    expect(tcpOf(packet!)).toMatchObject({ src: 8, dst: 7 });
    expect(optionText(packet!, PCAPNG_OPTION.opt_comment)).toMatch(/no TCB in the host$/);
    expect(() => pcapngOfTrace([{ ...event, object: 'tcp zz' }], [])).toThrow("pcapng: the trace names a connection 'tcp zz' that is neither a declared connection nor a 4-tuple");
  });

  it('refuses a simulation that records no trace', () => {
    expect(() => pcapngOf(createSimulation({ trace: false }))).toThrow('pcapngOf: the simulation records no trace (created with trace: false); the capture is made from it');
  });
});

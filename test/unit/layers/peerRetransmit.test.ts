/** The peer's retransmit timer: armed by what it sends on a lossy wire, reset by ACKs, go-back-N on expiry, doubled, and given up after the limit. */
import { describe, expect, it } from 'vitest';
import { PEER_MAX_RETRANSMISSIONS, type PeerTimers } from '../../../src/layers/peer/peerRetransmit.js';
import { createRemotePeerState, remotePeerReceive, type RemotePeerContext } from '../../../src/layers/peer/remotePeer.js';
import type { Segment } from '../../../src/wire/Segment.js';

const connection = { localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443 };
const params = { initialRtoUs: 1_000_000, maxRtoUs: 60_000_000, maxRetransmissions: PEER_MAX_RETRANSMISSIONS };

/** A peer on a lossy wire, with what it sent, the timers it set (their timeouts; null: cancelled) and what it said. */
function lossyPeer(retransmit = true) {
  const sent: Segment[] = [];
  const timers: Array<number | null> = [];
  const said: string[] = [];
  const t: PeerTimers = {
    set: (_, afterUs) => void timers.push(afterUs),
    cancel: () => void timers.push(null),
    say: (_, text) => void said.push(text),
  };
  const c: RemotePeerContext = { s: createRemotePeerState(65_535, retransmit ? params : undefined), transmit: (s) => void sent.push(s), timers: t };
  return { c, sent, timers, said };
}

const ackFromThisMachine = (ack: number): Segment => ({ connection, seq: 0, len: 0, ack, wnd: 65_535 });
const expire = (c: RemotePeerContext) => remotePeerReceive(c, { type: 'RetransmitTimer', connection });
const brief = (s: Segment) => `${s.seq}+${s.len}${s.psh ? ' PSH' : ''}${s.fin ? ' FIN' : ''}`;

describe("the peer's retransmit timer", () => {
  it('runs only on a wire that can lose (the ideal peer of a lossless wire sets none)', () => {
    const { c, timers } = lossyPeer(false);
    remotePeerReceive(c, { type: 'SendData', connection, bytes: 100, push: true, urgent: false });
    expect(timers).toEqual([]);
  });

  it('is armed by data sent, re-armed by an ACK that moves SND.UNA, stopped when everything is acknowledged', () => {
    const { c, timers } = lossyPeer();
    remotePeerReceive(c, { type: 'SendData', connection, bytes: 100, push: true, urgent: false });
    remotePeerReceive(c, { type: 'SendData', connection, bytes: 50, push: true, urgent: false });
    expect(timers).toEqual([1_000_000]); // already running: not set twice
    remotePeerReceive(c, { type: 'Segment', segment: ackFromThisMachine(100) });
    expect(timers).toEqual([1_000_000, null, 1_000_000]);
    remotePeerReceive(c, { type: 'Segment', segment: ackFromThisMachine(150) });
    expect(timers).toEqual([1_000_000, null, 1_000_000, null]);
    expect(Object.values(c.s.connections)[0]!.sends).toEqual([]); // acknowledged sends are not kept
  });

  it('on expiry goes back to SND.UNA, resends each send as its own segments, and doubles the timeout', () => {
    const { c, sent, timers, said } = lossyPeer();
    remotePeerReceive(c, { type: 'SendData', connection, bytes: 100, push: true, urgent: false });
    remotePeerReceive(c, { type: 'SendData', connection, bytes: 50, push: true, urgent: false });
    remotePeerReceive(c, { type: 'Segment', segment: ackFromThisMachine(60) });
    sent.length = 0;
    expire(c);
    expect(sent.map(brief)).toEqual(['60+40 PSH', '100+50 PSH']);
    expect(timers.at(-1)).toBe(2_000_000);
    expect(said).toEqual(['goes back to SND.UNA 60 and sends again up to SND.MAX 150 (retransmission 1; the timeout doubles)']);
  });

  it('resends its FIN (one sequence number after the data) until it is acknowledged', () => {
    const { c, sent, timers } = lossyPeer();
    remotePeerReceive(c, { type: 'SendData', connection, bytes: 100, push: true, urgent: false });
    remotePeerReceive(c, { type: 'SendFin', connection });
    remotePeerReceive(c, { type: 'Segment', segment: ackFromThisMachine(100) });
    sent.length = 0;
    expire(c);
    expect(sent.map(brief)).toEqual(['100+0 FIN']);
    remotePeerReceive(c, { type: 'Segment', segment: ackFromThisMachine(101) });
    expect(timers.at(-1)).toBeNull();
  });

  it(`gives up after ${PEER_MAX_RETRANSMISSIONS} retransmissions without progress, and says so`, () => {
    const { c, sent, timers, said } = lossyPeer();
    remotePeerReceive(c, { type: 'SendData', connection, bytes: 10, push: true, urgent: false });
    for (let i = 0; i < PEER_MAX_RETRANSMISSIONS; i++) expire(c);
    expect(sent).toHaveLength(1 + PEER_MAX_RETRANSMISSIONS);
    expect(timers.at(-1)).toBe(60_000_000); // doubled each time, capped at 60 s
    const set = timers.length;
    expire(c);
    expect(sent).toHaveLength(1 + PEER_MAX_RETRANSMISSIONS);
    expect(timers).toHaveLength(set); // not armed again
    expect(said.at(-1)).toMatch(/stops retransmitting/);
  });
});

/** The peer's persist timer: set behind this machine's zero window (never with the retransmit timer), a 1-byte probe on expiry, backed off, stopped by an open window, given up after the probes. */
import { describe, expect, it } from 'vitest';
import { checkNoByteLost } from '../../../src/invariants/noByteLost.js';
import { PEER_MAX_RETRANSMISSIONS, type PeerTimers } from '../../../src/layers/peer/peerRetransmit.js';
import { createRemotePeerState, remotePeerReceive, type RemotePeerContext } from '../../../src/layers/peer/remotePeer.js';
import { parseScenario } from '../../../src/scenario/parseScenario.js';
import { runScenario } from '../../../src/scenario/runScenario.js';
import { DEFAULT_PERSIST_TIMER } from '../../../src/wire/window.js';
import type { Segment } from '../../../src/wire/Segment.js';

const connection = { localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443 };
const params = { initialRtoUs: 1_000_000, maxRtoUs: 60_000_000, maxRetransmissions: PEER_MAX_RETRANSMISSIONS };

/** A peer behind this machine's 1,000-byte window, with what it sent, the timers it set and cancelled, and what it said. */
function peerBehindSmallWindow(lossy = true) {
  const sent: Segment[] = [];
  const timers: string[] = [];
  const said: string[] = [];
  const t: PeerTimers = {
    set: (_, afterUs, timer = 'retransmit') => void timers.push(`${timer} ${afterUs / 1000} ms`),
    cancel: (_, timer = 'retransmit') => void timers.push(`cancel ${timer}`),
    say: (_, text) => void said.push(text),
  };
  const c: RemotePeerContext = { s: createRemotePeerState(1000, lossy ? params : undefined), transmit: (s) => void sent.push(s), timers: t };
  return { c, sent, timers, said };
}

const ack = (n: number, wnd: number): Segment => ({ connection, seq: 0, len: 0, ack: n, wnd });
const expire = (c: RemotePeerContext) => remotePeerReceive(c, { type: 'PersistTimer', connection });
const brief = (s: Segment) => `${s.seq}+${s.len}${s.psh ? ' PSH' : ''}`;

/** The peer sends 1,500 bytes: 1,000 go; this machine ACKs them with window 0. */
function shut(lossy = true) {
  const p = peerBehindSmallWindow(lossy);
  remotePeerReceive(p.c, { type: 'SendData', connection, bytes: 1500, push: true, urgent: false });
  remotePeerReceive(p.c, { type: 'Segment', segment: ack(1000, 0) });
  return p;
}

describe("the peer's persist timer", () => {
  it('runs only on a wire that can lose (the ideal peer of a lossless wire sets none)', () => {
    const { timers, sent } = shut(false);
    expect(timers).toEqual([]);
    expect(sent.map(brief)).toEqual(['0+1000']);
  });

  it('is set behind a zero window with data waiting and nothing in flight, instead of the retransmit timer', () => {
    const { timers, said } = shut();
    expect(timers).toEqual(['retransmit 1000 ms', 'cancel retransmit', 'persist 1000 ms']);
    expect(said).toEqual(["this machine's window is shut at 1000 and 500 bytes wait: probes in 1000 ms (persist timer)"]);
  });

  it('is not set while data is in flight: the retransmit timer covers it', () => {
    const { c, timers } = peerBehindSmallWindow();
    remotePeerReceive(c, { type: 'SendData', connection, bytes: 1500, push: true, urgent: false });
    remotePeerReceive(c, { type: 'Segment', segment: ack(400, 0) }); // the window's right edge stays at 1000: 600 bytes in flight
    expect(timers).toEqual(['retransmit 1000 ms', 'cancel retransmit', 'retransmit 1000 ms']);
  });

  it('on expiry probes with the next byte of the stream and backs off; a refused probe sends the same byte again', () => {
    const { c, sent, timers, said } = shut();
    sent.length = 0;
    timers.length = 0;
    expire(c);
    expect(sent.map(brief)).toEqual(['1000+1']);
    expect(timers).toEqual(['persist 2000 ms']); // the retransmit timer stays off
    expect(said.at(-2)).toBe(`persist timer: probes this machine's zero window with byte 1000 (probe 1 of ${DEFAULT_PERSIST_TIMER.maxProbes})`);
    const p = Object.values(c.s.connections)[0]!;
    expect({ sndNxt: p.sndNxt, sndMax: p.sndMax }).toEqual({ sndNxt: 1000, sndMax: 1001 }); // the probe's byte is held, not yet taken
    remotePeerReceive(c, { type: 'Segment', segment: ack(1000, 0) }); // refused
    expire(c);
    expect(sent.map(brief)).toEqual(['1000+1', '1000+1']);
    expect(timers).toEqual(['persist 2000 ms', 'persist 4000 ms']);
  });

  it("stops when the probe's ACK shows the window open, and the peer sends the rest (not the probe's byte again)", () => {
    const { c, sent, timers, said } = shut();
    expire(c);
    sent.length = 0;
    timers.length = 0;
    remotePeerReceive(c, { type: 'Segment', segment: ack(1001, 999) });
    expect(sent.map(brief)).toEqual(['1001+499 PSH']);
    expect(timers).toEqual(['cancel persist', 'retransmit 1000 ms']);
    expect(said.at(-1)).toBe("this machine's window is open to 2000: stops the persist timer");
  });

  it('stops on a window update, and the refused probe byte goes with the rest', () => {
    const { c, sent, timers } = shut();
    expire(c);
    remotePeerReceive(c, { type: 'Segment', segment: ack(1000, 0) }); // the probe refused
    sent.length = 0;
    timers.length = 0;
    remotePeerReceive(c, { type: 'Segment', segment: ack(1000, 1000) }); // the window update
    expect(sent.map(brief)).toEqual(['1000+500 PSH']);
    expect(timers).toEqual(['cancel persist', 'retransmit 1000 ms']);
  });

  it(`stops probing after ${DEFAULT_PERSIST_TIMER.maxProbes} probes and says so; an open window starts the count over`, () => {
    const { c, sent, timers, said } = shut();
    sent.length = 0;
    timers.length = 0;
    for (let i = 0; i < DEFAULT_PERSIST_TIMER.maxProbes; i++) {
      expire(c);
      remotePeerReceive(c, { type: 'Segment', segment: ack(1000, 0) });
    }
    expect(sent).toHaveLength(DEFAULT_PERSIST_TIMER.maxProbes);
    expect(timers).toEqual(['persist 2000 ms', 'persist 4000 ms', 'persist 8000 ms', 'persist 16000 ms', 'persist 32000 ms', 'persist 60000 ms', 'persist 60000 ms']);
    expect(said.at(-1)).toBe("sent 8 zero-window probes: stops probing, and waits for this machine's window update (it holds its data from SND.NXT 1000)");
    expire(c); // a timer that is not set: nothing
    expect(sent).toHaveLength(DEFAULT_PERSIST_TIMER.maxProbes);
    remotePeerReceive(c, { type: 'Segment', segment: ack(1000, 400) }); // the window opens: 400 bytes go
    remotePeerReceive(c, { type: 'Segment', segment: ack(1400, 0) }); // and shuts again: probing starts over
    expect(timers.at(-1)).toBe('persist 1000 ms');
  });

  it('is stopped by a reset', () => {
    const { c, timers } = shut();
    remotePeerReceive(c, { type: 'SendRst', connection, outOfWindow: false });
    expect(timers.at(-1)).toBe('cancel persist');
  });

  it("leaves a refused probe's byte held by the peer, where the no-byte-lost ledger finds it", () => {
    const text = [
      'description: a refused probe',
      'topology: { receive-window: 1000, wire: {} }',
      'connections:',
      '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 4242 }',
      'steps:',
      '  - offload: c1',
      '  - deliver: all',
      '  - peer-send: { connection: c1, bytes: 1500 }',
      '  - deliver: { call: segment, connection: c1 }', // 1,000 bytes
      '  - deliver: { call: NdisTcpOffloadReceiveHandler, connection: c1 }',
      '  - deliver: { call: segment, connection: c1 }', // ack 1000 win 0
      '  - deliver: { call: timer, connection: c1 }', // the probe
      '  - deliver: { call: segment, connection: c1 }', // refused: the target's buffer is full
      '  - deliver: { call: segment, connection: c1 }', // ack 1000 win 0
    ].join('\n');
    const run = runScenario(parseScenario(text + '\n', 'refused-probe.yaml'));
    const h = run.sim.receiveHoldings('c1');
    expect({ peerSent: h.peerSent, peerHolds: h.peerHolds, wire: h.wire }).toEqual({ peerSent: 1001, peerHolds: [1000, 1001], wire: [] });
    expect(checkNoByteLost(run.sim)).toEqual([]);
  });
});

/** The `no-byte-lost` invariant wraps checkNoByteLost: every byte in exactly one place. */
import { describe, expect, it } from 'vitest';
import { noByteLost } from '../../../../src/check/invariants/noByteLost.js';
import { offloaded } from './fixtures.js';

describe('no-byte-lost invariant', () => {
  it('holds for the reference drivers through data both ways and an upload', () => {
    const sim = offloaded();
    sim.send('c1', 500);
    sim.postReceive('c1', 300);
    sim.peerSend('c1', 200);
    sim.run();
    sim.upload('c1');
    sim.run();
    expect(noByteLost.check(sim)).toEqual([]);
  });

  it('breaks for a target that drops the send chain on upload, naming the connection and the bytes', () => {
    const sim = offloaded({ faults: ['target-drops-send-chain-on-upload'] });
    sim.send('c1', 500);
    sim.upload('c1');
    sim.run();
    const breaks = noByteLost.check(sim);
    expect(breaks.length).toBeGreaterThan(0);
    expect(breaks[0]).toEqual({ invariant: 'no-byte-lost', message: 'tcp c1: bytes [0, 500) are nowhere (lost)' });
  });
});

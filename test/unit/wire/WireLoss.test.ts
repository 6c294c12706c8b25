/** WireLoss: scripted faults take the nth segment from their end, random ones draw from the given generator, and the peer's RST is never dropped. */
import { describe, expect, it } from 'vitest';
import { createWireLossState, faultFor, wireMayMisbehave } from '../../../src/wire/WireLoss.js';
import type { Segment } from '../../../src/wire/Segment.js';

const connection = { localAddress: '10.0.0.1', localPort: 1, remoteAddress: '10.0.0.2', remotePort: 2 };
const data: Segment = { connection, seq: 0, len: 10, ack: 0 };
const ack: Segment = { connection, seq: 0, len: 0, ack: 10 };
const never = () => 0.99;

describe('WireLoss', () => {
  it('a scripted fault takes the nth segment from its end, once, and every scripted fault counts segments', () => {
    const s = createWireLossState({});
    s.scripted.push({ fault: 'drop', from: 'target', skip: 1 }, { fault: 'duplicate', from: 'target', skip: 0 });
    expect(wireMayMisbehave(s)).toBe(true);
    expect(faultFor(s, 'host', data, never)).toBeNull();
    expect(faultFor(s, 'target', data, never)).toEqual({ fault: 'duplicate', by: 'the scenario' });
    expect(faultFor(s, 'target', data, never)).toEqual({ fault: 'drop', by: 'the scenario' });
    expect(faultFor(s, 'target', data, never)).toBeNull();
    expect(wireMayMisbehave(s)).toBe(false);
  });

  it("drops the peer's data, FIN and pure ACKs (the peer retransmits on a lossy wire), never its RST", () => {
    const s = createWireLossState({ drop: 1 });
    expect(faultFor(s, 'peer', data, () => 0)?.fault).toBe('drop');
    expect(faultFor(s, 'peer', { ...ack, fin: true }, () => 0)?.fault).toBe('drop');
    expect(faultFor(s, 'peer', ack, () => 0)?.fault).toBe('drop');
    expect(faultFor(s, 'peer', { ...ack, ack: null, rst: true }, () => 0)).toBeNull();
    s.scripted.push({ fault: 'drop', from: 'peer', skip: 0 });
    expect(faultFor(s, 'peer', { ...ack, ack: null, rst: true }, never)).toBeNull(); // waits for the peer's next segment that is not an RST
    expect(faultFor(s, 'peer', data, never)).toEqual({ fault: 'drop', by: 'the scenario' });
  });

  it('random faults follow the rates, in the order drop, duplicate, reorder', () => {
    const s = createWireLossState({ drop: 0.1, duplicate: 0.2, reorder: 0.3 });
    expect(faultFor(s, 'target', data, () => 0.05)?.fault).toBe('drop');
    expect(faultFor(s, 'target', data, () => 0.25)?.fault).toBe('duplicate');
    expect(faultFor(s, 'target', data, () => 0.5)?.fault).toBe('reorder');
    expect(faultFor(s, 'target', data, () => 0.7)).toBeNull();
  });

  it('refuses a rate outside 0-1, and a wire of zero rates loses nothing at random', () => {
    expect(() => createWireLossState({ drop: 1.5 })).toThrow(RangeError);
    expect(createWireLossState({ drop: 0 }).rates).toBeNull();
  });
});

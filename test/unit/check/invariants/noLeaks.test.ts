/** The `no-leaks` invariant: once every connection is InHost and nothing is pending, nothing of an ended offload remains. */
import { describe, expect, it } from 'vitest';
import { heldHandles } from '../../../../src/check/invariants/heldHandles.js';
import { noLeaks } from '../../../../src/check/invariants/noLeaks.js';
import { offloaded } from './fixtures.js';

describe('no-leaks invariant', () => {
  it('holds for the reference drivers after an offload and an upload through two intermediate drivers', () => {
    const sim = offloaded({ intermediateDrivers: 2 });
    sim.upload('c1');
    sim.run();
    expect(sim.connection('c1').offload).toBe(0);
    expect(noLeaks.check(sim)).toEqual([]);
  });

  it('breaks for an intermediate driver that keeps its offload entries after the terminate completed', () => {
    const sim = offloaded({ faults: ['im-leaks-offload-entry'] });
    sim.upload('c1');
    sim.run();
    const messages = noLeaks.check(sim).map((b) => b.message);
    expect(messages).toContain('IM1 still holds handle host#3 (tcp c1) at entries.5.upperHandle, whose object is no longer offloaded');
    expect(messages).toContain('IM1 still holds handle IM1#6 (tcp c1) at entries.5.ownHandle, whose object is no longer offloaded');
  });

  it('breaks for an intermediate driver that keeps a call entry after completing the query upward', () => {
    const sim = offloaded({ faults: ['im-leaks-call-entry'] });
    sim.query('c1');
    sim.run();
    sim.upload('c1');
    sim.run();
    expect(noLeaks.check(sim)).toEqual([
      { invariant: 'no-leaks', message: 'IM1 still holds handle host#3 (tcp c1) at calls.2.miniportRoot.NdisOffloadHandle, whose object is no longer offloaded' },
    ]);
  });

  it('says nothing while a connection is still offloaded (the entries are in use)', () => {
    const sim = offloaded({ faults: ['im-leaks-offload-entry'] });
    expect(noLeaks.check(sim)).toEqual([]);
  });
});

describe('heldHandles (the scan)', () => {
  it('finds handle-shaped values anywhere, with their paths, and not offload contexts', () => {
    const state = { entries: { 3: { upperHandle: { owner: 'host', id: 3, label: 'tcp a' }, context: { owner: 'target', id: 0 } } }, list: [{ owner: 'IM1', id: 6, label: 'tcp a' }] };
    expect(heldHandles(state)).toEqual([
      { handle: { owner: 'host', id: 3, label: 'tcp a' }, path: 'entries.3.upperHandle' },
      { handle: { owner: 'IM1', id: 6, label: 'tcp a' }, path: 'list.0' },
    ]);
  });

  it('scans an object met twice once, so a state that is not a tree (even a cycle) ends', () => {
    const h = { owner: 'IM1', id: 2, label: 'tcp a' };
    let shared: Record<string, unknown> = { h };
    for (let i = 0; i < 100; i++) shared = { left: shared, right: shared }; // 2^100 paths, 101 objects
    const cycle: Record<string, unknown> = { h };
    cycle.self = cycle;
    expect(heldHandles(shared)).toHaveLength(0); // deeper than the scan goes
    expect(heldHandles({ a: { h }, b: { h } })).toEqual([{ handle: h, path: 'a.h' }]);
    expect(heldHandles(cycle)).toEqual([{ handle: h, path: 'h' }]);
  });
});

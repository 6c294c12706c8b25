/** The catalogue of named invariants, user invariants, and checkInvariants. */
import { describe, expect, it } from 'vitest';
import { checkInvariants, fromUserInvariant, INVARIANT_NAMES, INVARIANTS, selectInvariants, UserInvariantError } from '../../../../src/check/invariants/index.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../../src/ndis/TCP_UPLOAD_REASON.js';
import { offloaded } from './fixtures.js';

describe('INVARIANTS', () => {
  it('are named once each, in kebab-case, each with a source, a description and when it is checked', () => {
    expect(INVARIANT_NAMES).toEqual(['rulebook', 'requests-completed', 'returns-in-host', 'no-byte-lost', 'no-leaks', 'table-agrees', 'driver-returns']);
    for (const inv of INVARIANTS) {
      expect(inv.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(inv.source.length).toBeGreaterThan(5);
      expect(inv.description).toMatch(/\.$/);
      expect(['step', 'quiescent']).toContain(inv.when);
    }
  });
});

describe('checkInvariants', () => {
  it('checks the quiescent invariants only when told nothing is pending, and changes nothing (the "eventually" rules are judged by the run)', () => {
    const sim = offloaded({ faults: ['host-ignores-mandatory-retrieve'] });
    sim.indicate('c1', E.TcpIndicateRetrieve, R.HardwareFailure);
    sim.deliverAll();
    const before = sim.fingerprint();
    expect(checkInvariants(sim, INVARIANTS, false).map((b) => b.invariant)).toEqual(['returns-in-host']);
    expect(checkInvariants(sim, INVARIANTS, true).map((b) => b.invariant)).toEqual(['returns-in-host']);
    expect(sim.fingerprint()).toBe(before);
    sim.run(); // judges the "eventually" rules now that nothing is pending
    expect(checkInvariants(sim, INVARIANTS, true).map((b) => b.invariant)).toEqual(['mandatory-retrieve-answered-by-upload', 'returns-in-host']);
  });

  it('holds for the reference drivers', () => {
    const sim = offloaded();
    sim.send('c1', 100);
    sim.run();
    expect(checkInvariants(sim, INVARIANTS, true)).toEqual([]);
  });
});

describe('fromUserInvariant', () => {
  it('checks a function of the snapshot after every step, its message a break named by the user', () => {
    const inv = fromUserInvariant({ name: 'at-most-one-intermediate-driver', check: (state) => (state.layers.length > 3 ? `${state.layers.length - 2} drivers` : undefined) });
    expect(inv.when).toBe('step');
    expect(inv.source).toBe('user');
    expect(inv.check(offloaded())).toEqual([]);
    expect(inv.check(offloaded({ intermediateDrivers: 2 }))).toEqual([{ invariant: 'at-most-one-intermediate-driver', message: '2 drivers' }]);
  });

  it('refuses a name that is not kebab-case or is a built-in one, and a check that is not a function, in one line each', () => {
    expect(() => fromUserInvariant({ name: 'My Invariant', check: () => undefined })).toThrow(/^user invariant "My Invariant": the name must be kebab-case/);
    expect(() => fromUserInvariant({ name: 'no-leaks', check: () => undefined })).toThrow("user invariant 'no-leaks': the name is already a built-in invariant");
    expect(() => fromUserInvariant({ name: 'mine', check: 3 } as never)).toThrow("user invariant 'mine': check must be a function");
  });
});

describe('a user invariant that breaks its contract', () => {
  it('throwing, or returning something else than a string or undefined, is a UserInvariantError naming it, in one line', () => {
    const throwing = fromUserInvariant({ name: 'throws', check: () => { throw new Error('no such layer'); } });
    expect(() => throwing.check(offloaded())).toThrow(new UserInvariantError("user invariant 'throws' threw: no such layer"));
    const counting = fromUserInvariant({ name: 'counts', check: () => 42 as never });
    expect(() => counting.check(offloaded())).toThrow("user invariant 'counts' returned number 42; expected a string (what broke) or undefined");
  });
});

describe('selectInvariants', () => {
  it('picks by name in catalogue order, all of them for none, and names an unknown one with the known ones', () => {
    expect(selectInvariants(['table-agrees', 'rulebook']).map((i) => i.name)).toEqual(['rulebook', 'table-agrees']);
    expect(selectInvariants([])).toEqual(INVARIANTS);
    expect(() => selectInvariants(['no-leak'])).toThrow(`unknown invariant 'no-leak' (expected one of ${INVARIANT_NAMES.join(', ')})`);
  });
});

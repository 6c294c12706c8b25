/**
 * The scheduler: FIFO and explicit-choice policies, deliverById errors, and the ordering constraints
 * (indications about one object keep their order; a terminate completion waits for earlier
 * indications and completions about its objects — reference §8 rule 7).
 */
import { describe, expect, it } from 'vitest';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import type { UpCallKind } from '../../../src/scheduler/PendingItem.js';
import { explicitChoicePolicy, fifoPolicy, seededRandomPolicy } from '../../../src/scheduler/policies.js';
import { createSchedulerState, Scheduler } from '../../../src/scheduler/Scheduler.js';
import { SimulatedClock } from '../../../src/scheduler/SimulatedClock.js';

/**
 * A scheduler whose deliveries are logged by the item's name (its one object); every item is an
 * adapter status indication (plain data), whatever kind it is filed under: the scheduler orders by
 * kind, caller and handles, never by the call.
 */
function setup(policy = fifoPolicy()) {
  const clock = new SimulatedClock();
  const log: string[] = [];
  const scheduler = new Scheduler(createSchedulerState(1), clock, policy, (item) => log.push(item.objects[0] ?? '?'));
  const add = (name: string, kind: UpCallKind, handles: string[] = [], opts: { caller?: string; isTerminate?: boolean } = {}) =>
    scheduler.add({
      fn: 'NdisMIndicateStatusEx', kind, caller: 'target', layer: 2, objects: [name], handles, isTerminate: false,
      call: { fn: 'NdisMIndicateStatusEx', StatusIndication: { StatusCode: NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE } }, ...opts,
    });
  const names = () => scheduler.enabled().map((i) => i.objects[0]);
  return { clock, scheduler, log, add, names };
}

describe('Scheduler', () => {
  it('FIFO delivers in the order made; ids count from 1', () => {
    const { scheduler, log, add } = setup();
    const a = add('a', 'completion', ['h1']);
    const b = add('b', 'completion', ['h2']);
    const c = add('c', 'indication', ['h3']);
    expect([a.id, b.id, c.id]).toEqual([1, 2, 3]);
    expect(scheduler.runUntilQuiet()).toBe(3);
    expect(log).toEqual(['a', 'b', 'c']);
    expect(scheduler.size).toBe(0);
    expect(scheduler.deliver()).toBeUndefined();
  });

  it('delivery advances the clock to the item’s readyAt, never backward', () => {
    const { clock, scheduler, add } = setup();
    add('c', 'completion', ['h1']); // latency 100
    add('i', 'indication', ['h2']); // latency 50
    scheduler.deliver();
    expect(clock.now()).toBe(100);
    scheduler.deliver();
    expect(clock.now()).toBe(100);
  });

  it('explicitChoicePolicy picks the listed indices, clamps, then falls back to FIFO', () => {
    const { scheduler, log, add } = setup(explicitChoicePolicy([2, 5]));
    for (const n of ['a', 'b', 'c', 'd']) add(n, 'completion', [n]);
    scheduler.runUntilQuiet();
    // pick 2 of [a,b,c,d] -> c; pick 5 clamped to last of [a,b,d] -> d; then FIFO.
    expect(log).toEqual(['c', 'd', 'a', 'b']);
    expect(explicitChoicePolicy([1, 0]).name).toBe('choice(1,0)');
  });

  it('deliver(k) delivers enabled item k and rejects an index out of range', () => {
    const { scheduler, log, add } = setup();
    add('a', 'completion', ['x']);
    add('b', 'completion', ['y']);
    expect(scheduler.deliver(1)!.objects[0]).toBe('b');
    expect(log).toEqual(['b']);
    expect(() => scheduler.deliver(3)).toThrow(RangeError);
  });

  it('deliverById: unknown id -> RangeError naming the pending ids', () => {
    const { scheduler, add } = setup();
    add('a', 'completion', ['x']);
    add('b', 'completion', ['y']);
    expect(() => scheduler.deliverById(42)).toThrow(RangeError);
    expect(() => scheduler.deliverById(42)).toThrow(/no pending item #42; pending: #1, #2/);
    scheduler.runUntilQuiet();
    expect(() => scheduler.deliverById(1)).toThrow(/pending: none/);
  });

  it('deliverById: a blocked item -> RangeError saying it must wait', () => {
    const { scheduler, log, add } = setup();
    add('first', 'indication', ['h']);
    const second = add('second', 'indication', ['h']);
    expect(() => scheduler.deliverById(second.id)).toThrow(/must wait/);
    expect(log).toEqual([]);
    scheduler.deliverById(1);
    scheduler.deliverById(second.id);
    expect(log).toEqual(['first', 'second']);
  });

  it('indications about one object keep their order; others are independent', () => {
    const { scheduler, log, add, names } = setup(explicitChoicePolicy([1, 0, 0]));
    add('h-1', 'indication', ['h']);
    add('h-2', 'indication', ['h']);
    add('g-1', 'indication', ['g']);
    expect(names()).toEqual(['h-1', 'g-1']);
    scheduler.runUntilQuiet();
    expect(log).toEqual(['g-1', 'h-1', 'h-2']);
  });

  it('the same object from different callers is not ordered', () => {
    const { add, names } = setup();
    add('from-target', 'indication', ['h']);
    add('from-im', 'indication', ['h'], { caller: 'IM1' });
    expect(names()).toEqual(['from-target', 'from-im']);
  });

  it('status indications keep their order', () => {
    const { add, names } = setup();
    add('pause', 'status');
    add('resume', 'status');
    expect(names()).toEqual(['pause']);
  });

  it('a terminate completion waits for earlier indications and completions about its objects', () => {
    const { scheduler, log, add, names } = setup(seededRandomPolicy(3));
    add('ind-h', 'indication', ['h']);
    add('upd-h', 'completion', ['h']);
    add('ind-other', 'indication', ['other']);
    add('status', 'status');
    const term = add('terminate-h', 'completion', ['h', 'p'], { isTerminate: true });
    let enabled = names();
    expect(enabled).not.toContain('terminate-h');
    expect(enabled).toEqual(['ind-h', 'upd-h', 'ind-other', 'status']);
    expect(() => scheduler.deliverById(term.id)).toThrow(RangeError);

    scheduler.deliverById(1);
    expect(names()).not.toContain('terminate-h');
    scheduler.deliverById(2);
    enabled = names();
    expect(enabled).toContain('terminate-h');
    scheduler.runUntilQuiet();
    expect(log.indexOf('terminate-h')).toBeGreaterThan(log.indexOf('upd-h'));
    expect(log).toHaveLength(5);
  });

  it('a later indication does not hold back an earlier terminate', () => {
    const { add, names } = setup();
    add('terminate-h', 'completion', ['h'], { isTerminate: true });
    add('ind-h', 'indication', ['h']);
    expect(names()).toEqual(['terminate-h', 'ind-h']);
  });

  it('seeded random policy: same seed, same picks (the generator is the scheduler state\'s)', () => {
    const picks = (seed: number) => {
      const p = seededRandomPolicy(seed);
      const scheduler = new Scheduler(createSchedulerState(seed), new SimulatedClock());
      const fake = Array.from({ length: 7 }, () => ({}) as never);
      return Array.from({ length: 20 }, () => p.pick(fake, () => scheduler.random()));
    };
    expect(picks(5)).toEqual(picks(5));
    for (const k of picks(5)) expect(k >= 0 && k < 7).toBe(true);
    expect(picks(5)).not.toEqual(picks(6));
  });
});

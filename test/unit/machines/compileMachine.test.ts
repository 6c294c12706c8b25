/**
 * compileMachine accepts exactly the xstate subset the project uses and refuses everything else when
 * it compiles, naming the machine, the state (and event) and the feature.
 */
import { describe, expect, it } from 'vitest';
import { and, assign, createMachine, fromPromise, not, setup, type AnyStateMachine } from 'xstate';
import { compileMachine } from '../../../src/machines/compileMachine.js';
import { MACHINES } from '../../../src/machines/machineRegistry.js';

type E = { type: 'GO' } | { type: 'BACK'; ok: boolean };

/** A machine with the guard `ok` implemented, and the given states. */
function flat(states: Record<string, unknown>, extra: Record<string, unknown> = {}): AnyStateMachine {
  return setup({ types: { events: {} as E }, guards: { ok: ({ event }) => event.type === 'BACK' && event.ok } }).createMachine({
    id: 'm',
    initial: 'A',
    states: states as Record<string, object>,
    ...extra,
  });
}

describe('compileMachine accepts the subset', () => {
  it('every registered machine compiles', () => {
    for (const { machine } of MACHINES) expect(() => compileMachine(machine)).not.toThrow();
  });

  it('string targets, { target, guard }, candidate lists, static guard params, final states without transitions, documentation', () => {
    const m = flat({
      A: { description: 'start', on: { GO: 'B', BACK: [{ guard: 'ok', target: 'C' }, { guard: { type: 'ok', params: { n: 1 } }, target: 'B' }, 'A'] } },
      B: { meta: { drawn: true }, on: { GO: { target: '#m.C', description: 'by id' } } },
      C: { type: 'final' },
    });
    const compiled = compileMachine(m);
    expect(compiled.id).toBe('m');
    expect(compiled.initial).toBe('A');
    expect([...compiled.transitions.keys()]).toEqual(['A', 'B', 'C']);
    expect(compiled.eventTypes).toEqual(['GO', 'BACK']);
    const back = compiled.transitions.get('A')!.get('BACK')!;
    expect(back.map((t) => [t.target, t.guard, t.params])).toEqual([
      ['C', 'ok', undefined],
      ['B', 'ok', { n: 1 }],
      ['A', undefined, undefined],
    ]);
    expect(back[0]!.check).toBe(m.implementations.guards['ok']);
    expect(compiled.transitions.get('B')!.get('GO')!.map((t) => t.target)).toEqual(['C']);
    expect(compiled.transitions.get('C')!.size).toBe(0);
  });

  it('compiles once: the same table every time', () => {
    const m = flat({ A: {} });
    expect(compileMachine(m)).toBe(compileMachine(m));
  });

  it('typed by its state names only when they are exactly the machine\'s states', () => {
    const m = flat({ A: { on: { GO: 'B' } }, B: {} });
    expect(compileMachine(m, ['B', 'A'])).toBe(compileMachine(m));
    expect(() => compileMachine(m, ['A'])).toThrow(new Error('compileMachine(m): its states are A, B, not A'));
    expect(() => compileMachine(m, ['A', 'B', 'C'])).toThrow(new Error('compileMachine(m): its states are A, B, not A, B, C'));
  });
});

describe('compileMachine refuses the rest, with a message naming machine, state, event and feature', () => {
  const refusals: [string, () => AnyStateMachine, string][] = [
    [
      'nested states',
      () => flat({ A: { initial: 'X', states: { X: {} } } }),
      'compileMachine(m): state A has nested states; only flat machines are supported',
    ],
    [
      'parallel states',
      () => flat({ A: { type: 'parallel', states: { X: {}, Y: {} } } }),
      'compileMachine(m): state A is a parallel state; only flat machines are supported',
    ],
    ['a parallel machine', () => createMachine({ id: 'm', type: 'parallel', states: { A: {}, B: {} } }), 'compileMachine(m): the machine is parallel; only flat machines are supported'],
    ['history', () => flat({ A: { on: { GO: 'H' } }, H: { type: 'history' } }), 'compileMachine(m): state H is a history state; history is not supported'],
    [
      'after',
      () => flat({ A: { after: { 100: 'B' } }, B: {} }),
      'compileMachine(m): state A has delayed transitions (after); only event transitions (on) are supported',
    ],
    [
      'always',
      () => flat({ A: { always: 'B' }, B: {} }),
      'compileMachine(m): state A has eventless transitions (always); only event transitions (on) are supported',
    ],
    [
      'invoke',
      () => flat({ A: { invoke: { src: fromPromise(async () => 1) } } }),
      'compileMachine(m): state A invokes actors (invoke); machines here run no actors',
    ],
    ['entry actions', () => flat({ A: { entry: () => {} } }), 'compileMachine(m): state A has entry actions; actions are not supported'],
    ['exit actions', () => flat({ A: { exit: () => {} } }), 'compileMachine(m): state A has exit actions; actions are not supported'],
    [
      'transition actions',
      () => flat({ A: { on: { GO: { target: 'B', actions: () => {} } } }, B: {} }),
      'compileMachine(m): state A on GO has transition actions; actions are not supported',
    ],
    [
      'context',
      () => createMachine({ id: 'm', context: { n: 0 }, initial: 'A', states: { A: { on: { GO: { target: 'A', actions: assign({ n: 1 }) } } } } }),
      'compileMachine(m): the machine has context; machines here have none, so guards read only the event',
    ],
    [
      'machine-level entry actions',
      () => flat({ A: {} }, { entry: () => {} }),
      'compileMachine(m): the machine has entry actions; actions are not supported',
    ],
    [
      'root-level transitions',
      () => flat({ A: {}, B: {} }, { on: { GO: '.B' } }),
      'compileMachine(m): the machine has root-level transitions (on); put each transition on a state',
    ],
    [
      'an inline guard function',
      () => flat({ A: { on: { GO: { guard: () => true, target: 'B' } } }, B: {} }),
      'compileMachine(m): state A on GO has an inline guard function; reference guards by name and implement them in setup({ guards })',
    ],
    [
      'a higher-order guard',
      () => flat({ A: { on: { GO: { guard: not('ok'), target: 'B' } } }, B: {} }),
      'compileMachine(m): state A on GO has a higher-order guard (and, or, not); implement the condition as one named guard in setup({ guards })',
    ],
    [
      'a guard name with no implementation',
      () => flat({ A: { on: { GO: { guard: 'missing', target: 'B' } } }, B: {} }),
      "compileMachine(m): state A on GO uses guard 'missing', which setup({ guards }) does not implement",
    ],
    [
      'a guard implemented as a higher-order guard',
      () =>
        setup({ guards: { ok: () => true, both: and(['ok', 'ok']) } }).createMachine({
          id: 'm',
          initial: 'A',
          states: { A: { on: { GO: { guard: 'both', target: 'B' } } }, B: {} },
        }),
      "compileMachine(m): state A on GO uses guard 'both', which is not implemented as a function of ({ event }) (higher-order and aliased guards are not supported)",
    ],
    [
      'guard params computed by a function',
      () => flat({ A: { on: { GO: { guard: { type: 'ok', params: () => ({}) }, target: 'B' } } }, B: {} }),
      "compileMachine(m): state A on GO has guard 'ok' with params computed by a function; only static params are supported",
    ],
    [
      'a transition without a target',
      () => flat({ A: { on: { GO: { guard: 'ok' } } } }),
      'compileMachine(m): state A on GO has a transition without a target; every transition needs one',
    ],
    [
      'a candidate without a target',
      () => flat({ A: { on: { BACK: [{ guard: 'ok', target: 'B' }, {}] } }, B: {} }),
      'compileMachine(m): state A on BACK has a transition without a target; every transition needs one',
    ],
    [
      'a final state with transitions',
      () => flat({ A: { on: { GO: 'B' } }, B: { type: 'final', on: { GO: 'A' } } }),
      'compileMachine(m): state B is final but has transitions; a final state takes no events',
    ],
    [
      'a wildcard event descriptor',
      () => flat({ A: { on: { '*': 'B' } }, B: {} }),
      'compileMachine(m): state A on * uses a wildcard event descriptor; name each event type',
    ],
    [
      'reentering transitions',
      () => flat({ A: { on: { GO: { target: 'A', reenter: true } } } }),
      "compileMachine(m): state A on GO uses 'reenter', which the compiled interpreter does not support",
    ],
    [
      'tags',
      () => flat({ A: { tags: ['busy'] } }),
      "compileMachine(m): state A uses 'tags', which the compiled interpreter does not support",
    ],
  ];

  it.each(refusals)('%s', (_feature, make, message) => {
    const machine = make();
    expect(() => compileMachine(machine)).toThrow(new Error(message));
  });
});

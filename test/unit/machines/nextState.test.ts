/** nextState runs a compiled machine with the machine's own guard implementations, called as xstate calls them. */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { compileMachine } from '../../../src/machines/compileMachine.js';
import { nextState } from '../../../src/machines/nextState.js';

type E = { type: 'GO'; n: number } | { type: 'STAY' };

const calls: [args: unknown, params: unknown][] = [];
const machine = setup({
  types: { events: {} as E },
  guards: {
    big: (args, params: { over: number } | undefined) => {
      calls.push([{ ...args }, params]);
      return args.event.type === 'GO' && args.event.n > (params?.over ?? 10);
    },
  },
}).createMachine({
  id: 'guarded',
  initial: 'A',
  states: {
    A: { on: { GO: [{ guard: 'big', target: 'Big' }, { guard: { type: 'big', params: { over: 1 } }, target: 'Medium' }, { target: 'Small' }] } },
    Big: { on: { STAY: 'Big' } },
    Medium: {},
    Small: { type: 'final' },
  },
});
const compiled = compileMachine(machine);

describe('nextState', () => {
  it('takes the first candidate whose guard holds, else the unguarded one', () => {
    expect(nextState(compiled, 'A', { type: 'GO', n: 11 })).toBe('Big');
    expect(nextState(compiled, 'A', { type: 'GO', n: 2 })).toBe('Medium');
    expect(nextState(compiled, 'A', { type: 'GO', n: 1 })).toBe('Small');
  });

  it('calls the guard as xstate does: ({ context, event }, params), with the empty context of a machine without one', () => {
    calls.length = 0;
    const event = { type: 'GO', n: 2 } as const;
    nextState(compiled, 'A', event);
    expect(calls).toEqual([
      [{ context: {}, event }, undefined],
      [{ context: {}, event }, { over: 1 }],
    ]);
  });

  it('is undefined for an event the state has no transition for, an unknown event and an unknown state', () => {
    expect(nextState(compiled, 'Medium', { type: 'GO', n: 99 })).toBeUndefined();
    expect(nextState(compiled, 'A', { type: 'STAY' })).toBeUndefined();
    expect(nextState(compiled, 'A', { type: 'NOT_AN_EVENT' })).toBeUndefined();
    expect(nextState(compiled, 'Nowhere', { type: 'GO' })).toBeUndefined();
  });

  it('a self-transition names the state it stays in', () => {
    expect(nextState(compiled, 'Big', { type: 'STAY' })).toBe('Big');
  });
});

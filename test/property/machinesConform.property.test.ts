/**
 * The compiled interpreter follows xstate's own semantics (design §4): for every registered machine,
 * random event sequences from a random state go through nextState and through createActor(machine),
 * and the two sequences of state values are identical. Events are drawn from the event types the
 * machine's `on` tables name (plus one it does not know), with each field its guards read drawn from
 * a small relevant set. Which fields a guard reads is found by probing it with a recording event, so a
 * guard that reads a field with no values here fails the test instead of going untested.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, type AnyStateMachine, type EventObject } from 'xstate';
import type { CompiledMachine } from '../../src/machines/CompiledMachine.js';
import { compileMachine } from '../../src/machines/compileMachine.js';
import { MACHINES } from '../../src/machines/machineRegistry.js';
import { nextState } from '../../src/machines/nextState.js';
import { NDIS_STATUS } from '../../src/ndis/NDIS_STATUS.js';

const SEED = Number(process.env.FC_SEED ?? 20261122);

/** The values an event field a guard reads is drawn from. */
const FIELD_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  Status: [
    NDIS_STATUS.NDIS_STATUS_SUCCESS,
    NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS,
    NDIS_STATUS.NDIS_STATUS_FAILURE,
    NDIS_STATUS.NDIS_STATUS_RESOURCES,
    NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES,
  ],
};

/** An event type no registered machine knows: both must ignore it. */
const UNKNOWN_EVENT = 'NotAnEventOfThisMachine';

/** For each event type, the fields some guard of the machine reads from an event of that type. */
function fieldsGuardsRead(compiled: CompiledMachine): Map<string, Set<string>> {
  const read = new Map<string, Set<string>>(compiled.eventTypes.map((type) => [type, new Set<string>()]));
  const rounds = Math.max(1, ...Object.values(FIELD_VALUES).map((v) => v.length));
  for (const byEvent of compiled.transitions.values()) {
    for (const candidates of byEvent.values()) {
      for (const { check, params } of candidates) {
        if (!check) continue;
        for (const [type, fields] of read) {
          for (let round = 0; round < rounds; round++) {
            const event = new Proxy({ type } as EventObject, {
              get: (target, key) => {
                if (key === 'type' || typeof key !== 'string') return Reflect.get(target, key);
                fields.add(key);
                const values = FIELD_VALUES[key];
                return values?.[round % values.length];
              },
              has: (_target, key) => {
                if (key === 'type' || typeof key !== 'string') return key === 'type';
                fields.add(key);
                return Object.hasOwn(FIELD_VALUES, key);
              },
            });
            check({ context: {}, event }, params);
          }
        }
      }
    }
  }
  return read;
}

/** Events of one type, with the fields its guards read drawn from FIELD_VALUES. */
function eventOfType(type: string, fields: ReadonlySet<string> = new Set()): fc.Arbitrary<EventObject> {
  const record = Object.fromEntries([...fields].map((f) => [f, fc.constantFrom(...(FIELD_VALUES[f] ?? [undefined]))]));
  return fc.record(record).map((values) => ({ ...values, type }));
}

/** Events of the machine's types (and one unknown type), with the fields its guards read. */
function eventArbitrary(read: ReadonlyMap<string, ReadonlySet<string>>): fc.Arbitrary<EventObject> {
  return fc.oneof(...[...read.keys(), UNKNOWN_EVENT].map((type) => eventOfType(type, read.get(type))));
}

/** The state values nextState goes through: the start, then one per event (unchanged when no transition is enabled). */
function compiledValues(compiled: CompiledMachine, start: string, events: readonly EventObject[]): string[] {
  const values = [start];
  let state = start;
  for (const event of events) {
    state = nextState(compiled, state, event) ?? state;
    values.push(state);
  }
  return values;
}

/** The state values an xstate actor started in `start` goes through for the same events. */
function xstateValues(machine: AnyStateMachine, start: string, events: readonly EventObject[]): unknown[] {
  const actor = createActor(machine, { snapshot: machine.resolveState({ value: start, context: {} }) }).start();
  const values: unknown[] = [actor.getSnapshot().value];
  for (const event of events) {
    // A machine that reached a final state takes no more events (and xstate warns when sent one).
    if (actor.getSnapshot().status === 'active') actor.send(event);
    values.push(actor.getSnapshot().value);
  }
  actor.stop();
  return values;
}

describe('every registered machine: the compiled interpreter agrees with xstate', () => {
  it.each(MACHINES.map((m) => [m.name, m] as const))('%s: every field its guards read has values to draw from', (_name, { machine }) => {
    for (const [type, fields] of fieldsGuardsRead(compileMachine(machine))) {
      for (const field of fields) expect(Object.keys(FIELD_VALUES), `a guard reads ${type}.${field}: give FIELD_VALUES some values for it`).toContain(field);
    }
  });

  it.each(MACHINES.map((m) => [m.name, m] as const))(`%s: same state values for random event sequences from any state (seed ${SEED})`, (_name, { machine }) => {
    const compiled = compileMachine(machine);
    const states = [...compiled.transitions.keys()];
    const events = eventArbitrary(fieldsGuardsRead(compiled));
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.array(events, { maxLength: 40 }), (start, sequence) => {
        expect(compiledValues(compiled, start, sequence)).toEqual(xstateValues(machine, start, sequence));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it.each(MACHINES.map((m) => [m.name, m] as const))(`%s: the generated events take every candidate of each guarded transition (seed ${SEED})`, (_name, { machine }) => {
    // Guards are the only data-dependent step: the events drawn must reach each outcome they choose between.
    const compiled = compileMachine(machine);
    const read = fieldsGuardsRead(compiled);
    for (const [state, byEvent] of compiled.transitions) {
      for (const [type, candidates] of byEvent) {
        if (!candidates.some((c) => c.check)) continue;
        const reached = new Set(fc.sample(eventOfType(type, read.get(type)), { seed: SEED, numRuns: 200 }).map((e) => nextState(compiled, state, e)));
        expect([...reached].sort(), `${state} on ${type}`).toEqual([...new Set(candidates.map((c) => c.target))].sort());
      }
    }
  });
});

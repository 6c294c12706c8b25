/**
 * Compiles a flat xstate machine into a lookup table, so a per-connection region can follow the
 * machine's graph without an actor per connection. The graph stays the single source: drawing,
 * running and the rulebook all read the same machine. Only the xstate subset the project uses is
 * accepted (design §4): `initial` + `states`, each state with `on: { EVENT: target | { target, guard }
 * | [...candidates] }`, guards referenced by name and implemented in `setup({ guards })`. Anything
 * else is refused here, naming the machine, the state (and event) and the feature, rather than run
 * with semantics that differ from xstate's.
 */
import type { AnyStateMachine } from 'xstate';
import type { CompiledMachine, CompiledTransition, GuardArgs, GuardImplementation } from './CompiledMachine.js';

/** Keys that only document (they change nothing xstate does with events). */
const DOCUMENTATION = new Set(['description', 'meta']);
/** Keys a machine may have besides documentation: `types` and `schemas` are type-level, from setup / createMachine. */
const MACHINE_KEYS = new Set(['id', 'initial', 'states', 'types', 'schemas', 'version', ...DOCUMENTATION]);
const STATE_KEYS = new Set(['id', 'type', 'on', ...DOCUMENTATION]);
const TRANSITION_KEYS = new Set(['target', 'guard', ...DOCUMENTATION]);

/** Why a feature is refused, by the config key that asks for it. */
const REFUSED = {
  states: 'has nested states; only flat machines are supported',
  initial: 'has nested states (initial); only flat machines are supported',
  history: 'is a history state; history is not supported',
  context: 'has context; machines here have none, so guards read only the event',
  on: 'has root-level transitions (on); put each transition on a state',
  after: 'has delayed transitions (after); only event transitions (on) are supported',
  always: 'has eventless transitions (always); only event transitions (on) are supported',
  onDone: 'has a done transition (onDone); only event transitions (on) are supported',
  invoke: 'invokes actors (invoke); machines here run no actors',
  entry: 'has entry actions; actions are not supported',
  exit: 'has exit actions; actions are not supported',
  actions: 'has transition actions; actions are not supported',
} as const satisfies Readonly<Record<string, string>>;
const REFUSED_BY_KEY: ReadonlyMap<string, string> = new Map(Object.entries(REFUSED));

/** The empty context xstate gives a machine without one, shared by every guard call. */
const NO_CONTEXT: GuardArgs['context'] = Object.freeze({});

const compiled = new WeakMap<AnyStateMachine, CompiledMachine>();

/**
 * The machine's table, compiled on first use and the same object ever after (so the CLI draws the
 * very table a region runs). Throws an Error naming the machine, the state (and event) and the
 * feature when the machine uses anything outside the supported subset.
 */
export function compileMachine(machine: AnyStateMachine): CompiledMachine;
/**
 * The same, typed by the machine's state names: `states` must list exactly the machine's states
 * (checked once here), so nextState returns one of them without a cast.
 */
export function compileMachine<S extends string>(machine: AnyStateMachine, states: readonly S[]): CompiledMachine<S>;
export function compileMachine<S extends string>(machine: AnyStateMachine, states?: readonly S[]): CompiledMachine | CompiledMachine<S> {
  let table = compiled.get(machine);
  if (table === undefined) {
    table = compile(machine);
    compiled.set(machine, table);
  }
  if (states === undefined) return table;
  if (!hasStates(table, states)) {
    throw new Error(`compileMachine(${machine.id}): its states are ${[...table.transitions.keys()].join(', ')}, not ${states.join(', ')}`);
  }
  return table;
}

/** Are `states` exactly the states of the table (so its initial state and every target is one of them)? */
function hasStates<S extends string>(table: CompiledMachine, states: readonly S[]): table is CompiledMachine<S> {
  const names: ReadonlySet<string> = new Set(states);
  return table.transitions.size === names.size && [...table.transitions.keys()].every((name) => names.has(name));
}

function compile(machine: AnyStateMachine): CompiledMachine {
  const refuse = (where: string, what: string): Error => new Error(`compileMachine(${machine.id}): ${where} ${what}`);
  const config = machine.config;
  if (machine.root.type === 'parallel') throw refuse('the machine', 'is parallel; only flat machines are supported');
  checkKeys(config, MACHINE_KEYS, (what) => refuse('the machine', what));
  const states = Object.entries(machine.root.states);
  if (states.length === 0) throw refuse('the machine', 'has no states');
  const initial = config.initial;
  if (typeof initial !== 'string' || !Object.hasOwn(machine.root.states, initial)) {
    throw refuse('the machine', 'has no initial state (initial must name one of its states)');
  }
  // Every state's shape first, so a transition's target is known to be a flat state.
  for (const [name, node] of states) {
    const where = `state ${name}`;
    if (node.type === 'compound') throw refuse(where, REFUSED.states);
    if (node.type === 'parallel') throw refuse(where, 'is a parallel state; only flat machines are supported');
    if (node.type === 'history') throw refuse(where, REFUSED.history);
    checkKeys(node.config, STATE_KEYS, (what) => refuse(where, what));
  }
  const transitions = new Map<string, Map<string, CompiledTransition[]>>();
  const eventTypes = new Set<string>();
  for (const [name, node] of states) {
    const on: object = node.config.on ?? {};
    if (node.type === 'final' && Object.keys(on).length > 0) throw refuse(`state ${name}`, 'is final but has transitions; a final state takes no events');
    const byEvent = new Map<string, CompiledTransition[]>();
    for (const [eventType, value] of Object.entries(on)) {
      const where = `state ${name} on ${eventType}`;
      if (eventType.includes('*')) throw refuse(where, 'uses a wildcard event descriptor; name each event type');
      const candidates: readonly unknown[] = Array.isArray(value) ? value : [value];
      const resolved = node.transitions.get(eventType) ?? [];
      byEvent.set(
        eventType,
        candidates.map((candidate, i) => {
          const fail = (what: string): Error => refuse(where, what);
          if (candidate !== null && typeof candidate === 'object') checkKeys(candidate, TRANSITION_KEYS, fail);
          const targets = resolved[i]?.target;
          if (targets === undefined || targets.length === 0) throw fail('has a transition without a target; every transition needs one');
          const [target] = targets;
          if (targets.length > 1 || !target || target.parent !== machine.root) throw fail('targets a nested or parallel state; only flat machines are supported');
          const guard = typeof candidate === 'object' && candidate !== null && 'guard' in candidate ? candidate.guard : undefined;
          return { target: target.key, ...compileGuard(machine, guard, fail) };
        }),
      );
      eventTypes.add(eventType);
    }
    transitions.set(name, byEvent);
  }
  return { id: machine.id, initial, transitions, eventTypes: [...eventTypes], guardArgs: { context: NO_CONTEXT, event: { type: '' } } };
}

/** Refuses the first key that is set and not allowed, with its reason (or a generic one). */
function checkKeys(config: object, allowed: ReadonlySet<string>, fail: (what: string) => Error): void {
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined || allowed.has(key)) continue;
    throw fail(REFUSED_BY_KEY.get(key) ?? `uses '${key}', which the compiled interpreter does not support`);
  }
}

/** A guard referenced by name (or `{ type, params }` with static params), resolved to the machine's own implementation. */
function compileGuard(
  machine: AnyStateMachine,
  guard: unknown,
  fail: (what: string) => Error,
): Pick<CompiledTransition, 'guard' | 'check' | 'params'> {
  if (guard === undefined) return {};
  if (typeof guard === 'function') {
    throw fail(
      'check' in guard
        ? 'has a higher-order guard (and, or, not); implement the condition as one named guard in setup({ guards })'
        : 'has an inline guard function; reference guards by name and implement them in setup({ guards })',
    );
  }
  let name: string;
  let params: unknown;
  if (typeof guard === 'string') name = guard;
  else if (guard !== null && typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') {
    name = guard.type;
    params = 'params' in guard ? guard.params : undefined;
    if (typeof params === 'function') throw fail(`has guard '${name}' with params computed by a function; only static params are supported`);
  } else throw fail('has a guard that is neither a name nor { type, params }');
  const guards = machine.implementations.guards as Readonly<Record<string, unknown>>;
  const check = Object.hasOwn(guards, name) ? guards[name] : undefined;
  if (check === undefined) throw fail(`uses guard '${name}', which setup({ guards }) does not implement`);
  if (typeof check !== 'function' || 'check' in check) {
    throw fail(`uses guard '${name}', which is not implemented as a function of ({ event }) (higher-order and aliased guards are not supported)`);
  }
  return params === undefined ? { guard: name, check: check as GuardImplementation } : { guard: name, check: check as GuardImplementation, params };
}

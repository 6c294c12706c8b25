/** What compileMachine makes of a flat xstate machine: a lookup table that nextState runs and stateDiagram draws. */
import type { EventObject } from 'xstate';

/** A guard as `setup({ guards })` implements it, called as xstate calls it: `guard({ context, event }, params)`. */
export type GuardImplementation = (args: GuardArgs, params: unknown) => boolean;

/** What a guard is given. Machines here have no context: `context` is the empty object xstate gives such a machine. */
export interface GuardArgs {
  readonly context: Readonly<Record<string, never>>;
  readonly event: EventObject;
}

/** One candidate transition of a state for an event; `S` is the machine's state names. */
export interface CompiledTransition<S extends string = string> {
  /** The state it goes to (a sibling: machines are flat). */
  readonly target: S;
  /** The guard's name, as the machine references it; absent when the transition is unguarded. */
  readonly guard?: string;
  /** The guard's implementation, from the machine's `setup({ guards })`; absent when unguarded. */
  readonly check?: GuardImplementation;
  /** The guard's static params (`guard: { type, params }`), passed as xstate passes them. */
  readonly params?: unknown;
}

/** A flat machine compiled once: state -> event type -> candidates, tried in the machine's order; `S` is its state names. */
export interface CompiledMachine<S extends string = string> {
  /** The machine's id, for messages. */
  readonly id: string;
  /** The machine's initial state. */
  readonly initial: S;
  /** Every state, in the machine's order (a state with no transitions has an empty map). */
  readonly transitions: ReadonlyMap<S, ReadonlyMap<string, readonly CompiledTransition<S>[]>>;
  /** Every event type some state's `on` names, in order of first mention. */
  readonly eventTypes: readonly string[];
  /**
   * The one argument object every guard call of this machine is given, refilled with the event each
   * time so that a step allocates nothing (guards are pure and synchronous). Internal to nextState.
   */
  readonly guardArgs: { context: GuardArgs['context']; event: EventObject };
}

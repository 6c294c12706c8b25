/**
 * The state space an exploration walks: states are whole-simulation snapshots (plain data), named by
 * their 64-bit fingerprints; a transition restores a state, takes one step (a delivery of an enabled
 * pending item, or an action of the alphabet) and judges every invariant, the quiescent ones too once
 * nothing is pending (performStep has judged the rulebook's "eventually" rules then, as a replay does).
 */
import type { InvariantBreak } from '../invariants/Invariant.js';
import type { Invariant } from '../invariants/Invariant.js';
import { checkInvariants } from '../invariants/index.js';
import { stepAllowed } from '../commands/stepAllowed.js';
import type { CheckModel } from '../commands/CheckModel.js';
import { deliverStepFor } from '../engine/deliverStepFor.js';
import { performStep, StepRefused, type ActionStep } from '../../scenario/performStep.js';
import { HandlerThrew } from '../../system/HandlerThrew.js';
import type { SimulationEnvironment } from '../../system/assemble.js';
import { restoreSimulation, type Simulation } from '../../system/Simulation.js';
import type { SimulationState } from '../../system/SimulationState.js';
import type { Coverage } from './Coverage.js';

export interface Space {
  readonly environment: SimulationEnvironment;
  readonly connections: readonly string[];
  readonly invariants: readonly Invariant[];
  readonly alphabet: readonly ActionStep[];
  readonly coverage: Coverage;
}

export type Transition =
  | { readonly kind: 'refused' }
  /** The first break, and everything that broke at that step. */
  | { readonly kind: 'broken'; readonly broken: InvariantBreak; readonly all: readonly InvariantBreak[] }
  /** `state()` copies the state (done only for a state not seen before). */
  | { readonly kind: 'next'; readonly fingerprint: string; readonly quiescent: boolean; state(): SimulationState };

/** A live simulation in this state (a copy: the state itself is never changed). */
export function open(space: Space, state: SimulationState): Simulation {
  return restoreSimulation(state, space.environment);
}

/** One thing that can happen: a step, and which letter of the alphabet it is (-1 for a delivery). */
export interface Choice {
  readonly step: ActionStep;
  readonly letter: number;
}

/**
 * What can happen in this state: each enabled pending item delivered, then the alphabet's allowed
 * actions not used yet on this path (`used`: one character per letter, '1' when used).
 */
export function actionsAt(space: Space, sim: Simulation, used: string): Choice[] {
  const m = modelOf(space, sim);
  const deliveries = sim.pending().map((item): Choice => ({ step: deliverStepFor(sim, item, space.connections), letter: -1 }));
  const actions = space.alphabet.flatMap((step, letter): Choice[] => (used[letter] !== '1' && stepAllowed(m, step) ? [{ step, letter }] : []));
  return [...deliveries, ...actions];
}

/** `used` with this letter marked. */
export function using(used: string, letter: number): string {
  return letter < 0 ? used : `${used.slice(0, letter)}1${used.slice(letter + 1)}`;
}

/** Takes one step on `sim` (which it changes): the next state, or the break, or that the simulation refused the step. */
export function take(space: Space, sim: Simulation, step: ActionStep): Transition {
  try {
    performStep(sim, step);
  } catch (e) {
    if (e instanceof StepRefused) return { kind: 'refused' };
    if (!(e instanceof HandlerThrew)) throw e;
    const broken = { invariant: 'driver-returns', message: e.message };
    return { kind: 'broken', broken, all: [broken] };
  }
  const quiescent = sim.pending().length === 0; // performStep judged the "eventually" rules then
  const broken = checkInvariants(sim, space.invariants, quiescent);
  if (broken.length > 0) return found(space, broken);
  return { kind: 'next', fingerprint: sim.fingerprint(), quiescent, state: () => sim.snapshot() };
}

function found(space: Space, all: InvariantBreak[]): Transition {
  for (const b of all) space.coverage.violated.add(b.invariant);
  return { kind: 'broken', broken: all[0]!, all };
}

function modelOf(space: Space, sim: Simulation): CheckModel {
  return { sim, connections: space.connections, steps: [], outOfOrder: 0, invariants: space.invariants };
}

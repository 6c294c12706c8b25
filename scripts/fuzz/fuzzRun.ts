/**
 * One fuzzing run: a long run of the properties' random steps (test/property/randomSteps.ts, the
 * suite's `longRun`) with every named invariant judged after every step (the rulebook, no byte lost,
 * no leaks ...), recorded as scenario steps; and the replay of such steps, which the shrinker uses.
 */
import { checkInvariants, INVARIANTS } from '../../src/check/invariants/index.js';
import type { InvariantBreak } from '../../src/check/invariants/Invariant.js';
import { performStep, type ActionStep } from '../../src/scenario/performStep.js';
import type { Simulation } from '../../src/system/Simulation.js';
import { perform, randomScheduling, simulationFor, withEnding, type Step } from '../../test/property/randomSteps.js';
import { scenarioStepOf } from './scenarioStepOf.js';

/** The shape of a run: what `longRun` draws besides the steps. */
export interface RunShape {
  readonly ims: number;
  readonly receiveBuffer: number;
  /** The seed of the run's random scheduling (`deliver: all`), and of the wire's losses. */
  readonly seed: number;
  /** A lossy wire's rates (each 0-1); absent: a wire that loses nothing. */
  readonly wire?: { readonly drop: number; readonly duplicate: number; readonly reorder: number };
}

/** What broke, after which steps (scenario steps, the breaking one last). */
export interface FoundBreak {
  readonly broken: InvariantBreak;
  readonly all: readonly InvariantBreak[];
  readonly steps: ActionStep[];
}

const newSimulation = (shape: RunShape): Simulation =>
  simulationFor(shape.ims, shape.receiveBuffer, { ...randomScheduling(shape.seed), ...(shape.wire ? { wire: { ...shape.wire } } : {}) });

/** Judges every invariant now (the quiescent ones when nothing is pending). */
function breaks(sim: Simulation): InvariantBreak[] {
  return checkInvariants(sim, INVARIANTS, sim.pending().length === 0);
}

/** Runs the random steps (and the properties' ending); the first break, with the scenario steps up to it, or null. */
export function fuzzRun(shape: RunShape, steps: readonly Step[]): FoundBreak | null {
  const sim = newSimulation(shape);
  const recorded: ActionStep[] = [];
  for (const s of withEnding(steps)) {
    const step = scenarioStepOf(sim, s);
    perform(sim, s);
    sim.checkQuiescence();
    if (step) recorded.push(step);
    const found = breaks(sim);
    if (found.length > 0) return { broken: found[0]!, all: found, steps: recorded };
  }
  return null;
}

/** Replays scenario steps as `chimney run` does; the first break, or null (also when a step cannot be performed). */
export function replayBreak(shape: RunShape, steps: readonly ActionStep[]): FoundBreak | null {
  const sim = newSimulation(shape);
  for (const [i, step] of steps.entries()) {
    try {
      performStep(sim, step);
    } catch {
      return null; // a delivery whose item no longer comes, once a step that made it was dropped
    }
    const found = breaks(sim);
    if (found.length > 0) return { broken: found[0]!, all: found, steps: steps.slice(0, i + 1) };
  }
  return null;
}

/**
 * `checkDriver`: random runs of fast-check model-based commands (host actions, target events, adapter
 * statuses, peer segments and scheduling choices) against your intermediate driver or target, every
 * invariant judged after every step. On a break, fast-check shrinks the commands, `minimize` shrinks
 * the schedule and the topology, and the result carries the counterexample as a scenario that
 * `chimney run` replays to the same break.
 */
import fc from 'fast-check';
import { commandArbitrary, type CheckModel } from '../commands/index.js';
import { fromUserInvariant, INVARIANTS } from '../invariants/index.js';
import type { Invariant } from '../invariants/Invariant.js';
import type { Simulation } from '../../system/Simulation.js';
import type { CheckOptions, RunConfig } from './CheckOptions.js';
import { counterexampleScenario, type Counterexample } from './counterexample.js';
import { InvariantBroken } from './InvariantBroken.js';
import { judgeStep } from './judgeStep.js';
import { minimize, othersOf, type Candidate } from './minimize.js';
import { endingSteps, newRun, simulationOptionsFor } from './runSteps.js';
import { createSimulation } from '../../system/createSimulation.js';
import { LOSSY_WIRE_FAULTS } from '../../system/faults.js';

export interface CheckResult {
  /** True when no run broke an invariant. */
  readonly ok: boolean;
  readonly seed: number;
  /** Runs made (up to and including the first failing one). */
  readonly runs: number;
  /** Every invariant judged, by name. */
  readonly invariants: readonly string[];
  readonly counterexample?: Counterexample;
}

/** The defaults of `checkDriver`. */
export const CHECK_DEFAULTS = { ims: 1, connections: 2, runs: 1_000, steps: 20 } as const;

export function checkDriver(options: CheckOptions = {}): CheckResult {
  const seed = options.seed ?? (Math.random() * 0x7fffffff) | 0;
  const maxIms = options.ims ?? CHECK_DEFAULTS.ims;
  const minIms = options.intermediateDriver ? 1 : 0;
  if (!Number.isInteger(maxIms) || maxIms < minIms || maxIms > 8) throw new RangeError(`ims must be a whole number from ${minIms} to 8, got ${maxIms}`);
  const maxConnections = options.connections ?? CHECK_DEFAULTS.connections;
  if (!Number.isInteger(maxConnections) || maxConnections < 1 || maxConnections > 16) throw new RangeError(`connections must be a whole number from 1 to 16, got ${maxConnections}`);
  const runs = options.runs ?? CHECK_DEFAULTS.runs;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a whole number ≥ 1, got ${runs}`);
  const steps = options.steps ?? CHECK_DEFAULTS.steps;
  if (!Number.isInteger(steps) || steps < 1 || steps > 1_000) throw new RangeError(`steps must be a whole number from 1 to 1,000, got ${steps}`);
  // A driver of the wrong shape is refused here, with its DriverShapeError, before any run.
  createSimulation(simulationOptionsFor(options, { ims: maxIms, remotes: [2], receiveBuffer: 65_535 }));
  const invariants: Invariant[] = [...INVARIANTS, ...(options.invariants ?? []).map(fromUserInvariant)];

  const config: fc.Arbitrary<RunConfig> = fc.record({
    ims: fc.integer({ min: minIms, max: maxIms }),
    remotes: fc.array(fc.constantFrom(2, 3), { minLength: 1, maxLength: maxConnections }),
    receiveBuffer: fc.oneof(fc.constant(65_535), fc.integer({ min: 1, max: 2_000 })),
  });
  let last: Candidate | undefined;
  let done = 0;
  const property = fc.property(config, fc.commands([commandArbitrary(maxConnections, options.faults?.some((f) => LOSSY_WIRE_FAULTS.has(f)) ?? false)], { maxCommands: steps }), (shape, commands) => {
    if (++done % 100 === 0) options.observer?.progress?.(done);
    let model: CheckModel | undefined;
    try {
      model = newRun(options, shape, invariants);
      const m = model;
      fc.modelRun(() => ({ model: m, real: m.sim as Simulation }), commands);
      for (const step of endingSteps(m.connections)) judgeStep(m, step);
    } catch (e) {
      if (!(e instanceof InvariantBroken)) throw e;
      last = { config: shape, steps: model?.steps.slice() ?? [], outOfOrder: model?.outOfOrder ?? 0, invariant: e.broken.invariant, message: e.broken.message, also: othersOf(e.all, e.broken) };
      throw e;
    }
  });
  const result = fc.check(property, { seed, numRuns: runs });
  const names = invariants.map((i) => i.name);
  if (!result.failed) return { ok: true, seed, runs: result.numRuns, invariants: names };
  if (!last) throw new Error(`the check failed outside any invariant: ${fc.defaultReportMessage(result)}`);
  const found = last;
  const small = minimize(options, invariants, found, minIms);
  return { ok: false, seed, runs: result.numRuns, invariants: names, counterexample: counterexampleScenario(options, small, { seed, runs: result.numRuns }) };
}

/**
 * `npm run fuzz` (scripts/fuzz): its command line refuses bad input with one line naming what was
 * expected, and a fuzzing run written as scenario steps replays to exactly the same state (so a
 * counterexample it writes is the run it found).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFuzzArgs } from '../../../scripts/fuzz/fuzzArgs.js';
import { scenarioStepOf } from '../../../scripts/fuzz/scenarioStepOf.js';
import { performStep, type ActionStep } from '../../../src/scenario/performStep.js';
import type { Simulation } from '../../../src/system/Simulation.js';
import { perform, longRun, lossRates, randomScheduling, SEED, simulationFor, withEnding, type Step } from '../../property/randomSteps.js';

describe('npm run fuzz: its arguments', () => {
  it('takes --time, --seed and --out, with defaults', () => {
    expect(parseFuzzArgs([], 77)).toEqual({ time: 60, seed: 77, out: 'fuzz-counterexamples', lossy: false, help: false });
    expect(parseFuzzArgs(['--time', '5', '--seed', '9', '--out', 'x', '--lossy'], 77)).toEqual({ time: 5, seed: 9, out: 'x', lossy: true, help: false });
    expect(parseFuzzArgs(['-h'], 1).help).toBe(true);
  });

  it.each([
    [['--time'], 'fuzz: --time expects a whole number from 0 to 86400, got nothing'],
    [['--time', '1.5'], 'fuzz: --time expects a whole number from 0 to 86400, got "1.5"'],
    [['--time', '0'], 'fuzz: --time expects at least 1 second, got 0'],
    [['--seed', '-1'], 'fuzz: --seed expects a whole number from 0 to 2147483647, got "-1"'],
    [['--seed', '2147483648'], 'fuzz: --seed expects a whole number from 0 to 2147483647, got 2147483648'],
    [['--out'], 'fuzz: --out expects a folder, got nothing'],
    [['--runs', '3'], 'fuzz: unknown argument "--runs" (expected --time S, --seed N, --out DIR, --lossy or --help)'],
  ])('refuses %j with one line', (argv, message) => {
    expect(() => parseFuzzArgs(argv, 1)).toThrow(message);
  });
});

/** Runs the random steps (and their ending) as the fuzzer does, recording them as scenario steps. */
function recordRun(sim: Simulation, steps: readonly Step[]): ActionStep[] {
  const recorded: ActionStep[] = [];
  for (const s of withEnding(steps)) {
    const step = scenarioStepOf(sim, s);
    perform(sim, s);
    sim.checkQuiescence();
    if (step) recorded.push(step);
  }
  return recorded;
}

describe('npm run fuzz: a run as scenario steps', () => {
  it(`replays to the same state as the random steps it came from (seed ${SEED})`, () => {
    for (const [ims, receiveBuffer, steps, seed] of fc.sample(longRun, { seed: SEED, numRuns: 8 })) {
      const sim = simulationFor(ims, receiveBuffer, randomScheduling(seed));
      const recorded = recordRun(sim, steps);
      const replayed = simulationFor(ims, receiveBuffer, randomScheduling(seed));
      for (const step of recorded) performStep(replayed, step);
      expect(recorded.length).toBeGreaterThan(steps.length / 2);
      expect(replayed.fingerprint()).toBe(sim.fingerprint());
    }
  });

  it(`replays to the same state over a lossy wire (--lossy), the wire's losses drawn from the same seed (seed ${SEED})`, () => {
    for (const [[ims, receiveBuffer, steps, seed], wire] of fc.sample(fc.tuple(longRun, lossRates), { seed: SEED, numRuns: 4 })) {
      const sim = simulationFor(ims, receiveBuffer, { ...randomScheduling(seed), wire });
      const recorded = recordRun(sim, steps);
      const replayed = simulationFor(ims, receiveBuffer, { ...randomScheduling(seed), wire: { ...wire } });
      for (const step of recorded) performStep(replayed, step);
      expect(replayed.fingerprint()).toBe(sim.fingerprint());
    }
  });
});

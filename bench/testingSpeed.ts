/**
 * Testing speed (design.md, "Performance"): how fast the properties run, how soon each seeded driver
 * bug is found, and how many complete delivery orders of the tour's life cycle are explored per second.
 * The runs are the properties' own (test/property/randomSteps.ts), with their default seed.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import type { SimulationOptions } from '../src/system/createSimulation.js';
import { createSimulation } from '../src/system/createSimulation.js';
import { FAULT_NAMES } from '../src/system/faults.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../src/ndis/TCP_UPLOAD_REASON.js';
import { firstBreak, firstInvariantBreak, firstLoss, randomRun, SEED, type Step } from '../test/property/randomSteps.js';

/** Both checks of the properties on one random run: true when nothing is lost and no rule is broken. */
const holds = (options: SimulationOptions) => ([ims, receiveBuffer, steps]: [number, number, Step[]]) =>
  firstLoss(ims, receiveBuffer, steps, options) === null && firstBreak(ims, receiveBuffer, steps, options) === null;

/** The seeded bugs: every deliberate fault of the catalogue. */
const SEEDED_BUGS: ReadonlyArray<[name: string, options: SimulationOptions]> = FAULT_NAMES.map((f) => [f, { faults: [f] }]);

/**
 * Property runs (both checks, no fault) per second, measured warm: one round of `runs` runs first (the
 * JIT, the caches), then the same runs again, timed.
 */
export function propertyRunsPerSec(runs: number): number {
  const check = () => {
    const result = fc.check(fc.property(randomRun, holds({})), { seed: SEED, numRuns: runs });
    if (result.failed) throw new Error(`the properties fail on the model itself: ${fc.defaultReportMessage(result)}`);
  };
  check();
  const start = performance.now();
  check();
  return runs / ((performance.now() - start) / 1000);
}

/** Every named invariant (src/check/invariants: the rulebook, no-byte-lost, requests-completed, no-leaks ...) on one random run. */
const invariantsHold = (options: SimulationOptions) => ([ims, receiveBuffer, steps]: [number, number, Step[]]) =>
  firstInvariantBreak(ims, receiveBuffer, steps, options) === null;

/**
 * For each seeded bug: the runs until the first counterexample and the time it took (before shrinking),
 * checking every named invariant (some faults, a leaked entry or a request never completed, break no
 * rule and lose no byte).
 */
export function firstCounterexamples(): Array<{ bug: string; runs: number; ms: number }> {
  return SEEDED_BUGS.map(([bug, options]) => {
    const start = performance.now();
    const result = fc.check(fc.property(randomRun, invariantsHold(options)), { seed: SEED, numRuns: 100_000, endOnFailure: true });
    if (!result.failed) throw new Error(`seeded bug not found in 100,000 runs: ${bug}`);
    return { bug, runs: result.numRuns, ms: Math.round(performance.now() - start) };
  });
}

/**
 * Complete schedules explored per second: the tour's life cycle (offload, SendBacklogChange and a
 * Retrieve racing the initiate completion, the upload it starts, a second offload) under seeded
 * random delivery, a new seed each time, rules on, run to quiescence.
 */
export function schedulesPerSec(ms: number): number {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    const sim = createSimulation({ intermediateDrivers: 1, scheduling: 'random', seed: ++n, trace: false });
    sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
    sim.offload('1');
    sim.indicate('1', TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange, 65_536);
    sim.indicate('1', TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.LowActivity);
    sim.run();
    sim.offload('1');
    sim.run();
  }
  return n / ((performance.now() - start) / 1000);
}

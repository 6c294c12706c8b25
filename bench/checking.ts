/**
 * How fast `chimney check` and `chimney explore` are (issue "Property-test your own driver"):
 * - propertyRunsPerSec: checkDriver's random runs per second (20 steps, 1 IM, 4 connections, every
 *   invariant after every step), measured warm: one round first, then the same runs timed;
 * - over the fault catalogue: the time to the first counterexample, shrinking included, and its length
 *   in steps (median and max);
 * - exploredTransitionsPerSec: BFS with fingerprints, 2 connections, 1 IM, one thread;
 * - workersStatesRatio: distinct states per second with 2 worker threads over 1, side by side.
 */
import { performance } from 'node:perf_hooks';
import { checkDriver } from '../src/check/engine/checkDriver.js';
import { explore } from '../src/check/explore/explore.js';
import { exploreWithWorkers } from '../src/check/explore/exploreWithWorkers.js';
import { FAULT_NAMES } from '../src/system/faults.js';

export function checkRunsPerSec(runs: number): number {
  const options = { steps: 20, ims: 1, connections: 4, runs, seed: 20261205 };
  const first = checkDriver(options);
  if (!first.ok) throw new Error(`the reference drivers break ${first.counterexample?.invariant}`);
  const start = performance.now();
  checkDriver(options);
  return runs / ((performance.now() - start) / 1000);
}

export interface CatalogueFigures {
  msMedian: number;
  msMax: number;
  stepsMedian: number;
  stepsMax: number;
  slowest: string;
  longest: string;
}

/** checkDriver on every fault of the catalogue (default options, a fixed seed): time to a shrunk counterexample, and its length. */
export function catalogueCounterexamples(): CatalogueFigures {
  const found = FAULT_NAMES.map((fault) => {
    const start = performance.now();
    const r = checkDriver({ faults: [fault], seed: 20261205, runs: 100_000 });
    if (!r.counterexample) throw new Error(`chimney check does not find ${fault} in 100,000 runs`);
    return { fault, ms: performance.now() - start, steps: r.counterexample.steps };
  });
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const slowest = found.reduce((a, b) => (b.ms > a.ms ? b : a));
  const longest = found.reduce((a, b) => (b.steps > a.steps ? b : a));
  return {
    msMedian: Math.round(median(found.map((f) => f.ms))),
    msMax: Math.round(slowest.ms),
    stepsMedian: median(found.map((f) => f.steps)),
    stepsMax: longest.steps,
    slowest: slowest.fault,
    longest: longest.fault,
  };
}

export function exploredTransitionsPerSec(ms: number): { perSec: number; states: number } {
  const r = explore({ connections: 2, ims: 1, depth: 40, timeMs: ms, maxStates: 10_000_000 });
  return { perSec: Math.round(r.transitions / (r.elapsedMs / 1000)), states: r.states };
}

/** Distinct states per second of search with 2 workers over 1, same limits, one after the other. */
export function workersStatesRatio(ms: number): { one: number; two: number; ratio: number } {
  const request = { connections: 2, ims: 1, depth: 40, timeMs: ms, maxStates: 10_000_000 };
  const rate = (workers: number) => {
    const o = exploreWithWorkers(request, workers);
    if (o.kind !== 'explored') throw new Error(`exploring with ${workers} workers: ${o.kind}`);
    return o.report.states / (o.report.elapsedMs / 1000);
  };
  const one = rate(1);
  const two = rate(2);
  return { one: Math.round(one), two: Math.round(two), ratio: Number((two / one).toFixed(2)) };
}

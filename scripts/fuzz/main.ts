/**
 * `npm run fuzz`: a longer campaign of the suite's own properties (issue 11 defect 9: three model bugs
 * that about 250,000 runs found and the suite's short FIFO runs never reached). Batches of long runs
 * (test/property/randomSteps.ts `longRun`), one seed per batch, until the time is up; prints runs per
 * second, and on the first break writes it as a replayable scenario (src/check/engine
 * writeCounterexample) and exits 1.
 */
import fc from 'fast-check';
import path from 'node:path';
import { writeCounterexample } from '../../src/check/engine/writeCounterexample.js';
import type { Counterexample } from '../../src/check/engine/counterexample.js';
import { ruleById } from '../../src/rules/rules.js';
import type { Scenario, Step as ScenarioStep } from '../../src/scenario/schema.js';
import { CONNECTIONS, longRun, lossRates } from '../../test/property/randomSteps.js';
import { FUZZ_HELP, FuzzUsageError, parseFuzzArgs } from './fuzzArgs.js';
import { fuzzRun, type FoundBreak, type RunShape } from './fuzzRun.js';
import { shrinkSteps } from './shrinkSteps.js';

/** Runs per batch (one seed each). */
const BATCH = 25;
/** How long shrinking may take. */
const SHRINK_MS = 60_000;

function main(argv: readonly string[]): number {
  let args;
  try {
    args = parseFuzzArgs(argv, Date.now());
  } catch (e) {
    if (!(e instanceof FuzzUsageError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${FUZZ_HELP}\n`);
    return 0;
  }
  process.stdout.write(`fuzz: the suite's properties, long runs${args.lossy ? ' over a lossy wire' : ''}, for ${args.time} s from seed ${args.seed}\n`);
  const start = Date.now();
  const end = start + args.time * 1_000;
  let runs = 0;
  for (let batch = 0; Date.now() < end; batch++) {
    const seed = (args.seed + batch) % 2_147_483_648;
    for (const [k, [[ims, receiveBuffer, steps, schedulingSeed], wire]] of fc.sample(fc.tuple(longRun, lossRates), { seed, numRuns: BATCH }).entries()) {
      if (Date.now() >= end) break;
      const shape: RunShape = { ims, receiveBuffer, seed: schedulingSeed, ...(args.lossy ? { wire } : {}) };
      runs++;
      const found = fuzzRun(shape, steps);
      if (found) return report(args.out, shape, found, { seed, run: k + 1, runs, ms: Date.now() - start });
    }
  }
  const seconds = (Date.now() - start) / 1_000;
  process.stdout.write(`fuzz: ${runs} runs in ${seconds.toFixed(1)} s (${(runs / seconds).toFixed(1)} runs/s), no invariant broken\n`);
  return 0;
}

function report(out: string, shape: RunShape, found: FoundBreak, at: { seed: number; run: number; runs: number; ms: number }): number {
  const seconds = at.ms / 1_000;
  process.stdout.write(`fuzz: ${found.broken.invariant} broken in run ${at.runs} after ${seconds.toFixed(1)} s (${(at.runs / seconds).toFixed(1)} runs/s): ${found.broken.message}\n`);
  const small = shrinkSteps(shape, found, Date.now() + SHRINK_MS);
  process.stdout.write(`fuzz: shrunk from ${found.steps.length} to ${small.steps.length} steps\n`);
  const cx = counterexampleOf(shape, small, at);
  try {
    const written = writeCounterexample(cx, out);
    process.stdout.write(`fuzz: wrote ${written.file} and ${path.basename(written.golden)}; replay: npx tsx src/cli/main.ts run ${written.file}\n`);
  } catch (e) {
    process.stdout.write(`fuzz: could not write the counterexample (${(e as Error).message}); its steps:\n`);
    process.stdout.write(`${JSON.stringify(cx.scenario, null, 1)}\n`);
  }
  return 1;
}

function counterexampleOf(shape: RunShape, b: FoundBreak, at: { seed: number; run: number }): Counterexample {
  const expects = [b.broken, ...b.all.filter((x) => x.invariant !== b.broken.invariant)].map(
    (x): ScenarioStep => ({ expect: ruleById(x.invariant) ? { violation: x.invariant } : { invariant: x.invariant } }),
  );
  const unique = expects.filter((e, i) => expects.findIndex((o) => JSON.stringify(o) === JSON.stringify(e)) === i);
  const scenario: Scenario = {
    description:
      `Negative: a counterexample found by npm run fuzz (batch seed ${at.seed}, run ${at.run}, then shrunk): the reference drivers break ` +
      `${ruleById(b.broken.invariant) ? 'rule' : 'invariant'} ${b.broken.invariant} after ${b.steps.length} steps (${CONNECTIONS.length} connections, ` +
      `${shape.ims} intermediate driver${shape.ims === 1 ? '' : 's'}, random scheduling seed ${shape.seed}${shape.wire ? ', a lossy wire' : ''}). ${b.broken.message}`,
    topology: {
      'intermediate-drivers': shape.ims,
      'optional-retrieve': 'upload',
      scheduling: 'random',
      ...(shape.receiveBuffer !== 65_535 ? { 'receive-buffer': shape.receiveBuffer } : {}),
      ...(Math.min(65_535, 2 * shape.receiveBuffer) !== 65_535 ? { 'receive-window': Math.min(65_535, 2 * shape.receiveBuffer) } : {}), // as simulationFor ties them
      ...(shape.wire ? { wire: { ...shape.wire } } : {}),
      faults: [],
    },
    seed: shape.seed,
    connections: CONNECTIONS.map((c) => ({
      id: c.id, local: `${c.localAddress}:${c.localPort}`, remote: `${c.remoteAddress}:${c.remotePort}`, pid: c.owningPid, state: 'ESTABLISHED' as const,
      ...(c.nextHop ? { 'next-hop': c.nextHop } : {}),
    })),
    steps: [...b.steps, ...unique],
  };
  return { invariant: b.broken.invariant, message: b.broken.message, steps: b.steps.length, outOfOrder: 0, connections: CONNECTIONS.length, ims: shape.ims, scenario };
}

process.exitCode = main(process.argv.slice(2));

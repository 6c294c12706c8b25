/**
 * Writes a counterexample where `chimney run` can replay it: `<dir>/<invariant>.yaml` and its golden
 * trace beside it. The golden trace is the replay's own, and the replay must reach the same break, or
 * this is a bug of the checker, never a silent pass.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { goldenPathFor, goldenText } from '../../scenario/golden.js';
import { parseScenario } from '../../scenario/parseScenario.js';
import { runScenario } from '../../scenario/runScenario.js';
import { scenarioDrivers } from '../scenarioDrivers.js';
import type { CheckOptions } from './CheckOptions.js';
import { scenarioText, type Counterexample } from './counterexample.js';

export interface WrittenCounterexample {
  readonly file: string;
  readonly golden: string;
  /** The command that replays it. */
  readonly replay: string;
}

export function writeCounterexample(cx: Counterexample, dir: string, options: Pick<CheckOptions, 'intermediateDriver' | 'target'> = {}): WrittenCounterexample {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${cx.invariant}.yaml`);
  const text = scenarioText(cx, file);
  const parsed = parseScenario(text, file);
  const fromFiles = scenarioDrivers(parsed);
  const drivers = {
    ...(options.intermediateDriver ? { intermediateDriver: options.intermediateDriver } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...fromFiles,
  };
  const run = runScenario(parsed, { drivers });
  if (!run.passed) {
    const failed = run.outcomes.filter((o) => !o.ok).map((o) => `${o.what}: expected ${o.expected} vs actual ${o.actual}`);
    throw new Error(`the counterexample does not replay to the same break (${[...failed, ...run.unexpectedViolations.map((v) => v.rule)].join('; ')})`);
  }
  writeFileSync(file, text);
  const golden = goldenPathFor(file);
  writeFileSync(golden, goldenText(run.sim.trace.events));
  return { file, golden, replay: `chimney run ${file}` };
}

/**
 * For tests: checks your driver and throws when an invariant breaks, with the counterexample's story,
 * the seed and the replay command in the message, so a failing vitest (or any runner's) test reads like
 * `chimney check`. Works inside `test()` and inside a `@fast-check/vitest` property.
 */
import { checkDriver, type CheckResult } from './engine/checkDriver.js';
import type { CheckOptions } from './engine/CheckOptions.js';
import { printStep } from './engine/printStep.js';
import { writeCounterexample } from './engine/writeCounterexample.js';

export class DriverCheckFailed extends Error {
  constructor(readonly result: CheckResult, message: string) {
    super(message);
    this.name = 'DriverCheckFailed';
  }
}

/** Returns the result when nothing broke; throws DriverCheckFailed otherwise (writing the scenario to `out` if given). */
export function expectDriverToHold(options: CheckOptions & { out?: string } = {}): CheckResult {
  const result = checkDriver(options);
  const cx = result.counterexample;
  if (!cx) return result;
  const lines = [
    `${cx.invariant} broken: ${cx.message}`,
    `found at run ${result.runs} (seed ${result.seed}), shrunk to ${cx.steps} steps (${cx.outOfOrder} out of FIFO order), ${cx.connections} connection(s), ${cx.ims} intermediate driver(s):`,
    ...cx.scenario.steps.map((s, i) => `  ${String(i + 1).padStart(3)}. ${printStep(s)}`),
    `re-check with the same runs: checkDriver({ ..., seed: ${result.seed} })`,
  ];
  if (options.out !== undefined) {
    const written = writeCounterexample(cx, options.out, options);
    const named = (!options.intermediateDriver || options.modules?.driver) && (!options.target || options.modules?.target);
    lines.push(named
      ? `written to ${written.file}; replay: ${written.replay}`
      : `written to ${written.file}; replay: runScenario(parseScenario(text, file), { drivers }) with your driver objects (give modules: { driver, target } to name the files for chimney run)`);
  }
  throw new DriverCheckFailed(result, lines.join('\n'));
}

/**
 * The run that called a handler which never returned, as a scenario: its topology, connections and
 * steps (the last one is the call that did not return). No golden trace and no replay check: replaying
 * it calls the handler again.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ActionStep } from '../../scenario/performStep.js';
import type { Scenario } from '../../scenario/schema.js';
import type { CheckOptions, RunConfig } from './CheckOptions.js';
import { counterexampleScenario, scenarioText } from './counterexample.js';

export function writeHangScenario(file: string, config: RunConfig, steps: ActionStep[], modules: NonNullable<CheckOptions['modules']>, handler: string, ms: number): void {
  const cx = counterexampleScenario({ modules }, { config, steps, outOfOrder: 0, invariant: 'driver-returns-in-time', message: `${handler} did not return within ${ms} ms` }, { seed: 0, runs: 0 });
  const scenario: Scenario = {
    ...cx.scenario,
    description: `Negative: written by chimney check: your driver did not return from ${handler} within ${ms} ms during the last step. Replaying it calls ${handler} again.`,
    steps: [...steps],
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, scenarioText({ ...cx, scenario }, file, `Its last step calls ${handler}, which did not return within ${ms} ms: chimney run would wait for it.`));
}

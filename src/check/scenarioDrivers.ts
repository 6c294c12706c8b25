/** The drivers a scenario's topology names (`driver`, `target`), loaded from paths relative to the scenario file. */
import path from 'node:path';
import type { ParsedScenario } from '../scenario/parseScenario.js';
import type { RunOptions } from '../scenario/runScenario.js';
import { loadDriverModule } from './loadDriverModule.js';

export function scenarioDrivers(parsed: ParsedScenario): NonNullable<RunOptions['drivers']> {
  const t = parsed.scenario.topology;
  const at = (p: string) => path.join(path.dirname(parsed.file), p);
  return {
    ...(t.driver ? { intermediateDriver: loadDriverModule(at(t.driver), 'intermediate driver').driver } : {}),
    ...(t.target ? { target: loadDriverModule(at(t.target), 'target').driver } : {}),
  };
}

/**
 * Every scenario under scenarios/ is replayed: it must pass (every `expect` holds, no rule violated
 * that the scenario does not name) and its trace must equal its golden file `<name>.trace.jsonl`. A
 * driver or target module the topology names is loaded as `chimney run` loads it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioDrivers } from '../src/check/scenarioDrivers.js';
import { compareGolden, findScenarioFiles, goldenPathFor, goldenText, parseScenario, runScenario } from '../src/scenario/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Scenario files, relative to the repository root (as they appear in titles and messages). */
const FILES = findScenarioFiles([join(ROOT, 'scenarios')]).map((f) => relative(ROOT, f));

describe('scenarios', () => {
  it('there are at least 30 scenario files', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(FILES)('%s', (file) => {
    const parsed = parseScenario(readFileSync(join(ROOT, file), 'utf8'), join(ROOT, file));
    const run = runScenario(parsed, { drivers: scenarioDrivers(parsed) }); // a topology's driver or target module, as chimney run loads it

    const problems = [
      ...run.outcomes
        .filter((o) => !o.ok)
        .map((o) => `${file}:${o.position.line}: expected ${o.expected} vs actual ${o.actual} (${o.what})`),
      ...run.unexpectedViolations.map(
        (v) => `${file}: unexpected violation of ${v.rule} at ${v.layer} (${v.objects.join(', ')}): ${v.detail}`,
      ),
    ];
    expect(problems, problems.join('\n')).toEqual([]);
    expect(run.passed).toBe(true);

    const golden = goldenPathFor(file);
    expect(existsSync(join(ROOT, golden)), `${golden} is missing`).toBe(true);
    const diff = compareGolden(readFileSync(join(ROOT, golden), 'utf8'), goldenText(run.sim.trace.events));
    if (!diff.same) {
      expect.fail(`${golden}:${diff.line}: expected ${diff.expected} vs actual ${diff.actual}`);
    }
  });
});

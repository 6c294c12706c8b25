/**
 * `printScenario` and `parseScenario` are exact inverses on canonical scenarios: whatever the parser
 * can give back, the printer writes so that it parses to the same value. Replay a failure with
 * `FC_SEED=<n> npx vitest run test/unit/scenario/printParse.property.test.ts` (fast-check also prints
 * the path of the shrunk counterexample).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/parseScenario.js';
import { printScenario } from '../../../src/scenario/printScenario.js';
import { LIMITS, STEP_KIND_NAMES, type Scenario } from '../../../src/scenario/schema.js';
import { canonicalScenario, GENERATED_STEP_KINDS } from './canonicalScenario.js';

/** Seed of the properties in this file. */
const SEED = Number(process.env['FC_SEED'] ?? Math.floor(Math.random() * 0x7fffffff));
const RUNS = 200;

describe('printScenario / parseScenario', () => {
  it('the arbitrary makes every step kind', () => {
    expect([...GENERATED_STEP_KINDS].sort()).toEqual([...STEP_KIND_NAMES].sort());
  });

  it(`parseScenario(printScenario(s)).scenario deep-equals s for canonical s (seed ${SEED})`, () => {
    fc.assert(
      fc.property(canonicalScenario(), (s) => {
        const text = printScenario(s);
        const parsed = parseScenario(text, 'printed.yaml');
        expect(parsed.scenario).toStrictEqual(s);
        expect(parsed.stepPositions).toHaveLength(s.steps.length);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`printing a parsed scenario again gives the same text (seed ${SEED})`, () => {
    fc.assert(
      fc.property(canonicalScenario(), (s) => {
        const text = printScenario(s);
        expect(printScenario(parseScenario(text, 'printed.yaml').scenario)).toBe(text);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  // src bug: printScenario lets `yaml` write an object that occurs twice as an anchor and aliases
  // (`- &a1 {...}` / `- *a1`); a scenario built in code that reuses one step object more than
  // LIMITS.aliases times prints as a file parseScenario refuses ("the file expands too much").
  // Fix: stringify with { aliasDuplicateObjects: false }.
  it('prints a scenario whose steps share one object as a file that parses', () => {
    const step = { 'upload-all': true as const };
    const s: Scenario = {
      description: 'one step object, used many times',
      topology: { 'intermediate-drivers': 1, 'optional-retrieve': 'upload', scheduling: 'fifo', faults: [] },
      connections: [],
      steps: Array.from({ length: LIMITS.aliases + 1 }, () => step),
    };
    const text = printScenario(s);
    expect(text).not.toMatch(/[&*]a1/);
    expect(parseScenario(text, 'printed.yaml').scenario).toEqual(s);
  });

  // src bug: `Topology.default({ ..., faults: [] })` hands every scenario without a topology the same
  // `faults` array, so changing one parsed scenario changes the next. Fix: a default function.
  it('gives each parsed scenario its own default topology', () => {
    const text = 'description: no topology\nconnections: []\nsteps: []\n';
    const first = parseScenario(text, 'a.yaml').scenario;
    const second = parseScenario(text, 'b.yaml').scenario;
    expect(second.topology.faults).not.toBe(first.topology.faults);
  });
});

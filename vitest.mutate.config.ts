/**
 * The vitest configuration `npm run mutate` (Stryker) runs: the unit tests of the model (drivers,
 * layers, rules, system, NDIS vocabulary, ...) and the scenario replays. Left out, because Stryker
 * reruns the tests for every mutant on a shared machine: the property tests, the package test, and the
 * slow tests of the CLI, the checker, the demo and the scenario parser, which test none of the mutated
 * files more than the scenario replays do (they all still run in `npm test`).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/unit/{drivers,layers,machines,ndis,render,rules,scheduler,system,table,trace,wire}/**/*.test.ts',
      'test/scenarios.test.ts',
    ],
    testTimeout: 60_000,
  },
});

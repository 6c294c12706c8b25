/** expectDriverToHold in a plain test and inside a @fast-check/vitest property. */
import { fc, test as propertyTest } from '@fast-check/vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DriverCheckFailed, expectDriverToHold, imRelaysWithOwnHandle, passThroughIntermediateDriver } from '../../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'chimney-expect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('expectDriverToHold', () => {
  it('returns the result when your driver breaks nothing', () => {
    expect(expectDriverToHold({ intermediateDriver: passThroughIntermediateDriver, runs: 100, seed: 3 })).toMatchObject({ ok: true, runs: 100 });
  });

  it('throws with the story, the seed and the replay command when it breaks something', () => {
    let thrown: unknown;
    try {
      expectDriverToHold({ intermediateDriver: imRelaysWithOwnHandle, runs: 2_000, seed: 42, out: dir });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DriverCheckFailed);
    const lines = (thrown as Error).message.split('\n');
    expect(lines[0]).toMatch(/^indication-on-known-connection broken: /);
    expect(lines[1]).toMatch(/^found at run \d+ \(seed 42\), shrunk to \d steps/);
    expect(lines).toContain('re-check with the same runs: checkDriver({ ..., seed: 42 })');
    expect(lines.at(-1)).toMatch(/^written to .*indication-on-known-connection.yaml; replay: runScenario\(parseScenario/);
  });

  propertyTest.prop([fc.integer({ min: 1, max: 3 })], { numRuns: 3, seed: 1 })('holds for the pass-through driver at any depth (@fast-check/vitest)', (ims) => {
    expectDriverToHold({ intermediateDriver: passThroughIntermediateDriver, ims, runs: 30, seed: ims });
  });
});

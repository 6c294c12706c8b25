/**
 * The report's run is the scenario's run: replayed one frame per command and per delivery, every
 * scenario gives its golden trace, each event belongs to exactly one frame in order, and each
 * delivery frame delivers one pending item, each item at most once.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareGolden, findScenarioFiles, goldenPathFor, goldenText, parseScenario } from '../../../src/scenario/index.js';
import { scenarioDrivers } from '../../../src/check/scenarioDrivers.js';
import { recordRun } from '../../../src/report/recordRun.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FILES = findScenarioFiles([join(ROOT, 'scenarios')]).map((f) => relative(ROOT, f));

describe('recordRun', () => {
  it.each(FILES)('%s: the golden trace, cut into frames', (file) => {
    const parsed = parseScenario(readFileSync(join(ROOT, file), 'utf8'), join(ROOT, file));
    const run = recordRun(parsed, { drivers: scenarioDrivers(parsed), whyNotFrames: 0, maxForks: 1 });
    const diff = compareGolden(readFileSync(join(ROOT, goldenPathFor(file)), 'utf8'), goldenText(run.trace));
    if (!diff.same) expect.fail(`${goldenPathFor(file)}:${diff.line}: expected ${diff.expected} vs actual ${diff.actual}`);
    expect(run.passed).toBe(true);
    const seqs = run.frames.flatMap((f) => f.events.map((e) => e.seq));
    expect(seqs).toEqual(run.trace.map((e) => e.seq));
    const delivered = run.frames.filter((f) => f.kind === 'delivery').map((f) => /^deliver #(\d+) /.exec(f.title)?.[1]);
    expect(delivered.every((id) => id !== undefined)).toBe(true);
    expect(new Set(delivered).size).toBe(delivered.length);
  });
});

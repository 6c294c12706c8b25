/**
 * `--seed` does what it says (issue 13): `demo --seed n` races the tour, so seeds give different
 * traces and one seed always the same; `run --seed n` switches a scenario to seeded random
 * scheduling and says so, and compares its golden trace exactly when the seed cannot have changed it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../../src/index.js';
import { run, sampleText, tempFolder } from './cliTestKit.js';

const RACED = 'scenarios/races/tour-with-seeded-races.yaml';
const RACED_GOLDEN = 'scenarios/races/tour-with-seeded-races.trace.jsonl';
const TOUR_GOLDEN = 'scenarios/tour/offload-retrieve-upload-disconnect.trace.jsonl';
const tmp = tempFolder();
afterAll(() => tmp.remove());

const demoTrace = (...args: string[]) => {
  const r = run(['demo', '--json', ...args]);
  expect(r.code).toBe(0);
  return r.out;
};

describe('chimney demo --seed', () => {
  it('two seeds give different traces; the same seed gives the same trace', () => {
    const one = demoTrace('--seed', '1');
    const three = demoTrace('--seed', '3');
    expect(three).not.toEqual(one);
    expect(demoTrace('--seed', '3')).toEqual(three);
    // Seed 1 is the raced scenario's own seed: its golden trace.
    expect(one.join('\n') + '\n').toBe(readFileSync(RACED_GOLDEN, 'utf8'));
  });

  it('without a seed the tour runs in order: the tour scenario\'s golden trace', () => {
    expect(demoTrace().join('\n') + '\n').toBe(readFileSync(TOUR_GOLDEN, 'utf8'));
  });

  it('the narration says which: in order, or raced by a seed', () => {
    expect(run(['demo']).out[1]).toMatch(/every call delivered in order \(--seed n races it\)$/);
    expect(run(['demo', '--seed', '9']).out[1]).toMatch(/races decided by random\(seed 9\)$/);
  });
});

describe('runScenario counts the scheduler\'s choices', () => {
  const load = (file: string) => parseScenario(readFileSync(file, 'utf8'), file);

  it('none in the tour, whatever the seed: a seed cannot change it', () => {
    const r = runScenario(load('scenarios/tour/offload-retrieve-upload-disconnect.yaml'), { seed: 5, scheduling: 'random' });
    expect(r).toMatchObject({ scheduling: 'random', seed: 5, choices: 0, passed: true });
  });

  it('some in the raced tour, and FIFO never chooses', () => {
    expect(runScenario(load(RACED)).choices).toBeGreaterThan(0);
    expect(runScenario(load(RACED), { scheduling: 'fifo' })).toMatchObject({ scheduling: 'fifo', choices: 0, passed: true });
  });
});

describe('chimney run --seed', () => {
  const NOTE = (n: number) =>
    `note: --seed ${n}: every scenario runs with seeded random scheduling (seed ${n}); a golden trace is compared only where this cannot change the trace`;

  it("the scenario's own seed: the golden trace is compared", () => {
    const r = run(['run', '--seed', '1', RACED]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe(NOTE(1));
    expect(r.out).toContain(`✓ golden trace ${RACED_GOLDEN}: same`);
  });

  it('another seed that chooses otherwise: not compared, and the run says why', () => {
    const r = run(['run', '--seed', '3', RACED]);
    expect(r.code).toBe(0);
    const note = r.out.find((l) => l.startsWith('golden trace not compared'));
    expect(note).toMatch(/^golden trace not compared: with seed 3 the scheduler chose among pending items \d+ times, and the golden trace was made with seed 1$/);
    expect(r.out.at(-1)).toBe(`PASS ${RACED}`);
  });

  it('a FIFO scenario with a race is switched to random scheduling: its trace changes with the seed, and its golden is not compared', () => {
    const fifo = tmp.write('fifo-race.yaml', readFileSync(RACED, 'utf8').replace('  scheduling: random\n', '').replace('seed: 1\n', ''));
    expect(run(['run', '--quiet', '--update-golden', fifo]).code).toBe(0);
    const traces = [1, 3, 5].map((n) => run(['run', '--json', '--seed', String(n), fifo]).out.join('\n'));
    expect(new Set(traces).size).toBeGreaterThan(1);
    const r = run(['run', '--seed', '3', fifo]);
    expect(r.out).toContainEqual(expect.stringMatching(/^golden trace not compared: .* the golden trace was made with fifo scheduling$/));
  });

  it('the shipped one-race scenario: both orders pass, and they are different traces', () => {
    const file = 'scenarios/races/seeded-query-or-abort-first.yaml';
    const queryFirst = run(['run', '--json', '--seed', '1', file]);
    const abortFirst = run(['run', '--json', '--seed', '5', file]);
    expect([queryFirst.code, abortFirst.code]).toEqual([0, 0]);
    expect(abortFirst.out).not.toEqual(queryFirst.out);
    const firstHandler = (lines: string[]) => lines.map((l) => JSON.parse(l) as { kind: string; fn?: string }).find((e) => e.kind === 'call' && (e.fn === 'NdisMQueryOffloadStateComplete' || e.fn === 'NdisTcpOffloadEventHandler'))?.fn;
    expect(firstHandler(queryFirst.out)).toBe('NdisMQueryOffloadStateComplete');
    expect(firstHandler(abortFirst.out)).toBe('NdisTcpOffloadEventHandler');
  });

  it('--update-golden and --seed are refused together, in one line', () => {
    expect(run(['run', '--update-golden', '--seed', '2', RACED])).toEqual({
      code: 2,
      out: [],
      err: ["chimney run: --update-golden and --seed do not go together (a golden trace is made with the scenario's own seed)"],
    });
  });

  it('the tour under any seed: the note says the seed made no difference, and the golden still passes', () => {
    const tour = tmp.write('tour.yaml', sampleText());
    expect(run(['run', '--quiet', '--update-golden', tour]).code).toBe(0);
    const r = run(['run', '--seed', '77', tour]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('seed 77 made no difference here: never more than one pending item could be delivered, so the golden trace is compared');
    expect(r.out.at(-1)).toBe(`PASS ${tour}`);
  });
});

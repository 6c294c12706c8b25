/** `chimney diagram`: sequence diagrams of a run (parts on stdout or in files), machines with a run highlighted, one-line usage errors. */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { partFileName } from '../../../src/cli/diagram.js';
import { compileMachine, findMachine, MACHINE_NAMES, parseScenario, runScenario, sequenceDiagram, stateDiagram } from '../../../src/index.js';
import { run, SAMPLE_SCENARIO, sampleText, tempFolder } from './cliTestKit.js';

const TOUR = fileURLToPath(SAMPLE_SCENARIO);

let tmp: ReturnType<typeof tempFolder>;
beforeEach(() => (tmp = tempFolder()));
afterEach(() => tmp.remove());

/** `count` connections, each offloaded and delivered in turn: a run too long for one Mermaid diagram that does not fold. */
function longScenario(count: number): string {
  const ids = Array.from({ length: count }, (_, i) => `c${i + 1}`);
  return [
    'description: many connections offloaded one after another',
    'connections:',
    ...ids.map((id, i) => `  - { id: ${id}, local: 10.0.0.1:${40000 + i}, remote: 10.0.0.2:443, pid: 4242 }`),
    'steps:',
    ...ids.flatMap((id) => [`  - offload: ${id}`, '  - deliver: all']),
  ].join('\n');
}

describe('chimney diagram <scenario> --sequence', () => {
  it('prints the run as the library draws it, titled with the file', () => {
    const r = run(['diagram', TOUR, '--sequence']);
    expect(r).toMatchObject({ code: 0, err: [] });
    const trace = runScenario(parseScenario(sampleText(), TOUR)).sim.trace.events;
    expect(r.out.join('\n')).toBe(sequenceDiagram(trace, { title: TOUR })[0]);
    expect(r.out[0]).toBe('sequenceDiagram');
  });

  it('writes one part to the file -o names', () => {
    const out = join(tmp.dir, 'tour.mmd');
    const r = run(['diagram', TOUR, '--sequence', '-o', out]);
    expect(r).toEqual({ code: 0, out: [], err: [`wrote ${out}`] });
    expect(readFileSync(out, 'utf8')).toMatch(/^sequenceDiagram\n/);
  });

  it('splits a long run into parts: `%% part i of n` lines on stdout, FILE-i.mmd with -o', () => {
    const file = tmp.write('long.yaml', longScenario(100));
    const r = run(['diagram', file, '--sequence']);
    expect(r.code).toBe(0);
    const markers = r.out.filter((l) => l.startsWith('%% part '));
    expect(markers.length).toBeGreaterThan(1);
    expect(markers).toEqual(markers.map((_, i) => `%% part ${i + 1} of ${markers.length}`));
    const out = join(tmp.dir, 'long.mmd');
    const w = run(['diagram', file, '--sequence', '-o', out]);
    expect(w.code).toBe(0);
    const names = markers.map((_, i) => join(tmp.dir, `long-${i + 1}.mmd`));
    expect(w.err).toEqual([`wrote ${markers.length} parts: ${names.join(', ')}`]);
    for (const name of names) expect(readFileSync(name, 'utf8').length).toBeLessThan(50_000);
    expect(existsSync(out)).toBe(false);
  });

  it('names part files with or without the .mmd ending', () => {
    expect(partFileName('x/run.mmd', 2)).toBe('x/run-2.mmd');
    expect(partFileName('run', 1)).toBe('run-1.mmd');
  });

  it('reports a scenario that is not valid as file:line:col, exit 2', () => {
    const file = tmp.write('bad.yaml', 'description: x\nconnections: []\nsteps:\n  - offload: nobody\n');
    const r = run(['diagram', file, '--sequence']);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err.length).toBeGreaterThan(0);
    expect(r.err[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
  });
});

describe('chimney diagram --machine', () => {
  it.each(MACHINE_NAMES.map((n) => [n]))('draws %s from its compiled table', (name) => {
    const entry = findMachine(name)!;
    const r = run(['diagram', '--machine', name]);
    expect(r).toEqual({ code: 0, out: stateDiagram(compileMachine(entry.machine), entry.drawFrom).split('\n'), err: [] });
  });

  it('--highlight marks what the run visited', () => {
    const r = run(['diagram', '--machine', 'offload', '--highlight', TOUR]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  class InHost,Offloading,Offloaded,Uploading visited');
    expect(r.out).toContain('  Offloaded --> Uploading: NdisTerminateOffload ✔ ×3');
  });

  it('refuses an unknown machine in one line listing the names', () => {
    expect(run(['diagram', '--machine', 'nope'])).toEqual({
      code: 2,
      out: [],
      err: [`chimney diagram: unknown machine 'nope' (machines: ${MACHINE_NAMES.join(', ')})`],
    });
  });
});

describe('chimney diagram: usage errors, one line each', () => {
  it.each([
    [[], 'give --sequence (with a scenario) or --machine <name>'],
    [['--sequence'], '--sequence draws a run: give the scenario file'],
    [[TOUR], 'give --sequence (with a scenario) or --machine <name>'],
    [[TOUR, '--sequence', '--machine', 'offload'], '--sequence and --machine do not go together'],
    [['--highlight', TOUR], '--highlight <scenario> marks a run on a machine: give --machine <name> too'],
    [[TOUR, '--machine', 'offload'], '--machine draws a machine, not the run of'],
  ])('%j', (args, message) => {
    const r = run(['diagram', ...args]);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(`chimney diagram: ${message}`);
  });
});

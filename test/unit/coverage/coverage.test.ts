/**
 * chimney coverage: the figures are computed from the traces (one scenario covers strictly less than the
 * whole scenarios/ tree, and a count is the number of matching events), the marked diagram marks
 * exactly what was never taken, and every shortest scenario the search writes replays and reaches its
 * transition, and is shortest (the same search one step shallower does not reach it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allMachineTransitions, reachableStates, type MachineTransition } from '../../../src/coverage/machineTransitions.js';
import { gapScenario, gapScenarioText, replayGap } from '../../../src/coverage/gapScenario.js';
import { markedStateDiagram, NEVER_TAKEN } from '../../../src/coverage/markedStateDiagram.js';
import { measureCoverage, unvisitedTransitions, type CoverageReport, type MeasuredRun } from '../../../src/coverage/measureCoverage.js';
import { searchGaps } from '../../../src/coverage/searchGaps.js';
import { compileMachine } from '../../../src/machines/compileMachine.js';
import { findMachine } from '../../../src/machines/machineRegistry.js';
import { stateDiagram } from '../../../src/machines/stateDiagram.js';
import { findScenarioFiles } from '../../../src/scenario/findScenarioFiles.js';
import { goldenPathFor } from '../../../src/scenario/golden.js';
import { parseScenario } from '../../../src/scenario/parseScenario.js';
import type { TraceEvent } from '../../../src/trace/TraceEvent.js';
import { run, tempFolder } from '../cli/cliTestKit.js';

const SCENARIOS = new URL('../../../scenarios/', import.meta.url).pathname;
const TOUR = join(SCENARIOS, 'tour/offload-retrieve-upload-disconnect.yaml');

/** A golden trace read back as trace events: its `raw` arguments are the event's own. */
function goldenRun(file: string): MeasuredRun {
  const events = readFileSync(goldenPathFor(file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const { raw, ...e } = JSON.parse(line) as TraceEvent & { raw?: unknown };
      return (raw === undefined ? e : { ...e, args: raw }) as TraceEvent;
    });
  return { name: file, events };
}

const taken = (r: CoverageReport) => new Set(r.machines.flatMap((m) => m.transitions.filter((t) => t.count > 0).map((t) => t.key)));
const exercised = (r: CoverageReport) => new Set(r.rules.filter((x) => x.exercised).map((x) => x.id));

describe('measureCoverage', () => {
  const files = findScenarioFiles([SCENARIOS]).filter((f) => existsSync(goldenPathFor(f)));
  const whole = measureCoverage(files.map(goldenRun));
  const tour = measureCoverage([goldenRun(TOUR)]);

  it('one scenario covers strictly less than the whole scenarios/ tree', () => {
    const a = taken(tour);
    const b = taken(whole);
    for (const key of a) expect(b.has(key)).toBe(true);
    expect(a.size).toBeLessThan(b.size);
    for (const id of exercised(tour)) expect(exercised(whole).has(id)).toBe(true);
    expect(exercised(tour).size).toBeLessThan(exercised(whole).size);
    expect(whole.runs).toHaveLength(files.length);
  });

  it("counts an offload transition once per matching state change, and names the first file that took it", () => {
    for (const [from, to] of [['InHost', 'Offloading'], ['Offloaded', 'Uploading']] as const) {
      const changes = files.map(goldenRun).map((r) => r.events.filter((e) => e.kind === 'stateChange' && e.region === 'offload' && e.from === from && e.to === to).length);
      const row = whole.machines.find((m) => m.name === 'offload')!.transitions.find((t) => t.state === from && t.target === to)!;
      expect(row.count).toBe(changes.reduce((a, b) => a + b, 0));
      expect(row.firstIn).toBe(files[changes.findIndex((n) => n > 0)]);
    }
  });

  it('follows the IM entries and target contexts through the calls: the tour frees what it terminated', () => {
    const count = (key: string) => tour.machines.flatMap((m) => m.transitions).find((t) => t.key === key)!.count;
    const terminated = count('im-offload-entry: Offloaded × MiniportTerminateOffload → Terminating');
    expect(terminated).toBe(3); // neighbor, path and tcp c1, uploaded once
    expect(count('im-offload-entry: Terminating × ProtocolTerminateOffloadComplete → Freed')).toBe(terminated);
    expect(count('target-context: Terminating × NdisMTerminateOffloadComplete → Freed')).toBe(terminated);
    expect(count('im-offload-entry: Offloading × ProtocolInitiateOffloadComplete [offloadSucceeded] → Offloaded')).toBe(6); // two offloads of three objects
  });

  it('lists every transition of every machine, pairs counted once', () => {
    expect(whole.machines.flatMap((m) => m.transitions).map((t) => t.key)).toEqual(allMachineTransitions().map((t) => t.key));
    const offload = tour.machines.find((m) => m.name === 'offload')!;
    expect(offload.pairs).toBe(4); // Offloading × ProtocolInitiateOffloadComplete has two candidates
    expect(offload.transitions).toHaveLength(5);
  });

  it('marks in the diagram exactly the transitions never taken', () => {
    for (const m of tour.machines) {
      const registered = findMachine(m.name)!;
      const marked = markedStateDiagram(registered, m).split('\n');
      const plain = stateDiagram(compileMachine(registered.machine), registered.drawFrom).split('\n');
      expect(marked.slice(0, plain.length).map((l) => l.replace(NEVER_TAKEN, ''))).toEqual(plain);
      expect(marked.filter((l) => l.endsWith(NEVER_TAKEN))).toHaveLength(m.transitions.filter((t) => t.count === 0).length);
    }
  });
});

describe('searchGaps', () => {
  const report = measureCoverage([goldenRun(TOUR)]);
  const gaps = unvisitedTransitions(report).filter((t) => t.machine === 'tcp');
  const actions = ['disconnect', 'peer-fin', 'peer-rst'];
  const found = searchGaps(gaps.map((t) => t.key), { depth: 5, actions });

  it('finds scenarios that replay with chimney run and take their transition', () => {
    expect(found.paths.size).toBeGreaterThanOrEqual(8);
    for (const t of gaps) {
      const steps = found.paths.get(t.key);
      if (steps === undefined) continue;
      const text = gapScenarioText(gapScenario(t, steps, found.bound), 'gap.yaml');
      expect(parseScenario(text, 'gap.yaml').scenario.steps).toHaveLength(steps.length + 1);
      const replay = replayGap(text, 'gap.yaml', t);
      expect(replay).toMatchObject({ passed: true, took: true });
      // Independently of the observer: the host's TCP state made that very change.
      expect(replay.events.some((e) => e.kind === 'stateChange' && e.region === 'tcp' && e.from === t.state && e.to === t.target)).toBe(true);
    }
  });

  it('each is shortest: one step shallower, the same search does not reach it', () => {
    const some = [...found.paths].filter(([, steps]) => steps.length >= 2).slice(0, 3);
    expect(some.length).toBeGreaterThan(0);
    for (const [key, steps] of some) expect(searchGaps([key], { depth: steps.length - 1, actions }).paths.has(key)).toBe(false);
  });

  it("knows which states a machine's own graph cannot reach from where the simulation starts it", () => {
    const tcp = reachableStates(findMachine('tcp')!);
    for (const s of ['ESTABLISHED', 'FIN_WAIT_1', 'CLOSING', 'LAST_ACK', 'TIME_WAIT', 'CLOSED']) expect(tcp.has(s)).toBe(true);
    for (const s of ['SYN_SENT', 'SYN_RCVD', 'LISTEN']) expect(tcp.has(s)).toBe(false);
    expect([...reachableStates(findMachine('offload')!)].sort()).toEqual(['InHost', 'Offloaded', 'Offloading', 'Uploading']);
  });

  it('says what it cannot reach: a state chimney never starts a connection in', () => {
    const synSent: MachineTransition = gaps.find((t) => t.state === 'SYN_SENT')!;
    expect(found.paths.has(synSent.key)).toBe(false);
    expect(['depth', 'none']).toContain(found.stoppedBy);
  });
});

describe('chimney coverage', () => {
  it('writes a replayable scenario per reached gap, and chimney run passes them', () => {
    const out = tempFolder();
    try {
      const r = run(['coverage', TOUR, '--machine', 'adapter', '--actions', 'status', '--depth', '4', '--out', out.dir]);
      expect(r.err).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.out.some((l) => l.startsWith('adapter (') && l.includes('0 of 4 transitions taken'))).toBe(true);
      expect(r.out).toContain('%% adapter');
      const wrote = r.out.filter((l) => l.includes('; wrote '));
      expect(wrote).toHaveLength(4);
      const replay = run(['run', '--quiet', out.dir]);
      expect(replay.code).toBe(0);
      expect(replay.out.at(-1)).toBe('4 passed, 0 failed');
    } finally {
      out.remove();
    }
  });

  it('an --out that is a file: one line, exit 2', () => {
    const dir = tempFolder();
    try {
      const file = dir.write('not-a-folder', 'x');
      const r = run(['coverage', TOUR, '--machine', 'adapter', '--actions', 'status', '--depth', '2', '--out', file]);
      expect(r.code).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(/^chimney coverage: cannot write into .*not-a-folder \(E[A-Z]+: /);
    } finally {
      dir.remove();
    }
  });

  it.each([
    [['--machine', 'bogus'], '--machine bogus: no such machine'],
    [['--actions', 'fly'], "--actions fly: unknown action 'fly'"],
    [['--no-search', '--out', 'x'], '--out and --no-search do not go together'],
  ])('refuses %j in one line, exit 2', (args, message) => {
    const r = run(['coverage', TOUR, ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(message);
  });
});

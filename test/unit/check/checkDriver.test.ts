/**
 * checkDriver: the reference drivers break nothing; every deliberate fault of the catalogue is found,
 * shrunk to a short story, and written as a scenario that replays to the same break with its golden
 * trace.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDriver } from '../../../src/check/engine/checkDriver.js';
import { printStep } from '../../../src/check/engine/printStep.js';
import type { UserInvariant } from '../../../src/check/invariants/Invariant.js';
import { fromUserInvariant, INVARIANTS } from '../../../src/check/invariants/index.js';
import { minimize } from '../../../src/check/engine/minimize.js';
import { replaySteps } from '../../../src/check/engine/runSteps.js';
import type { ActionStep } from '../../../src/scenario/performStep.js';
import { writeCounterexample } from '../../../src/check/engine/writeCounterexample.js';
import { compareGolden, goldenText } from '../../../src/scenario/golden.js';
import { parseScenario } from '../../../src/scenario/parseScenario.js';
import { runScenario } from '../../../src/scenario/runScenario.js';
import { FAULT_NAMES } from '../../../src/system/faults.js';
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';

const dir = mkdtempSync(join(tmpdir(), 'chimney-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkDriver', () => {
  it('finds nothing wrong with the reference drivers (2 intermediate drivers, 3 connections)', () => {
    const result = checkDriver({ seed: 11, runs: 300, ims: 2, connections: 3 });
    expect(result.counterexample).toBeUndefined();
    expect(result).toMatchObject({ ok: true, runs: 300, seed: 11 });
  });

  it.each(FAULT_NAMES)('finds the fault %s, shrinks it, and writes a scenario that replays to the same break', (fault) => {
    const result = checkDriver({ faults: [fault], seed: 5, runs: 3_000 });
    expect(result.ok).toBe(false);
    const cx = result.counterexample!;
    expect(cx.steps).toBeLessThanOrEqual(6);
    expect(cx.connections).toBe(1);
    const written = writeCounterexample(cx, join(dir, fault));
    const parsed = parseScenario(readFileSync(written.file, 'utf8'), written.file);
    expect(parsed.scenario.topology.faults).toEqual([fault]);
    const replay = runScenario(parsed);
    expect(replay.passed).toBe(true); // its last step expects the break
    const expects = parsed.scenario.steps.filter((s) => 'expect' in s);
    expect(expects[0]).toEqual({ expect: 'violation' in (expects[0] as { expect: object }).expect ? { violation: cx.invariant } : { invariant: cx.invariant } });
    expect(parsed.scenario.steps.slice(-expects.length)).toEqual(expects); // the expectations close the story
    expect(compareGolden(readFileSync(written.golden, 'utf8'), goldenText(replay.sim.trace.events))).toEqual({ same: true });
  });

  it('is deterministic: the same seed gives the same counterexample', () => {
    const a = checkDriver({ faults: ['im-relays-with-own-handle'], seed: 99, runs: 2_000 });
    const b = checkDriver({ faults: ['im-relays-with-own-handle'], seed: 99, runs: 2_000 });
    expect(b.counterexample!.scenario).toEqual(a.counterexample!.scenario);
    expect(b.runs).toBe(a.runs);
  });

  // Breaks when c2 is Offloaded while c1 is still Offloading.
  const { TcpConnectionOffloadStateOffloading: offloading, TcpConnectionOffloadStateOffloaded: offloaded } = TCP_CONNECTION_OFFLOAD_STATE;
  const overtaken: UserInvariant = {
    name: 'c2-never-overtakes-c1',
    check: (state) => {
      const tcbs = Object.values((state.layers[0] as { tcbs: Record<string, { id: string; offload: number }> }).tcbs);
      const of = (id: string) => tcbs.find((t) => t.id === id)?.offload;
      return of('c1') === offloading && of('c2') === offloaded ? 'c2 is Offloaded while c1 is still Offloading' : undefined;
    },
  };

  it('shrinks the schedule toward FIFO order: a break reachable in FIFO order is shown in FIFO order', () => {
    const cx = checkDriver({ seed: 2, runs: 5_000, connections: 2, invariants: [overtaken] }).counterexample!;
    expect(cx.invariant).toBe('c2-never-overtakes-c1');
    expect(cx.outOfOrder).toBe(0);
    expect(cx.scenario.steps.map(printStep)).toEqual([
      'offload: [ c2 ]',
      'offload: [ c1 ]',
      'deliver: { call: NdisMInitiateOffloadComplete, connection: c2 }',
      'expect: { invariant: c2-never-overtakes-c1 }',
    ]);
  });

  it('keeps a delivery out of FIFO order where the break needs it, and drops every other', () => {
    const invariants = [...INVARIANTS, fromUserInvariant(overtaken)];
    const steps: ActionStep[] = [
      { offload: ['c1'] }, { send: { connection: 'c1', bytes: 10 } }, { offload: ['c2'] },
      { deliver: { call: 'NdisMInitiateOffloadComplete', connection: 'c2' } }, { deliver: { call: 'NdisMInitiateOffloadComplete', connection: 'c1' } },
    ];
    const config = { ims: 2, remotes: [2, 3, 3], receiveBuffer: 65_535 };
    const start = replaySteps({}, config, invariants, steps);
    expect(start.kind).toBe('broken');
    if (start.kind !== 'broken') return;
    const small = minimize({}, invariants, { config, steps: start.steps, outOfOrder: start.outOfOrder, invariant: start.broken.invariant, message: start.broken.message }, 0);
    expect(small.steps.map(printStep)).toEqual(['offload: [ c1 ]', 'offload: [ c2 ]', 'deliver: { call: NdisMInitiateOffloadComplete, connection: c2 }']);
    expect(small).toMatchObject({ outOfOrder: 1, config: { ims: 0, remotes: [2, 3] } });
  });

  it('judges your own invariant, a function of the snapshot, and names it', () => {
    const offloaded = TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloaded;
    const result = checkDriver({
      seed: 1, runs: 500,
      invariants: [{ name: 'no-offload-ever', check: (state) => (JSON.stringify(state.layers[0]).includes(`"offload":${offloaded}`) ? 'a connection is offloaded' : undefined) }],
    });
    expect(result.counterexample).toMatchObject({ invariant: 'no-offload-ever', message: 'a connection is offloaded' });
    expect(result.counterexample!.steps).toBeLessThanOrEqual(2);
  });

  it('refuses options out of range, naming them', () => {
    expect(() => checkDriver({ ims: 9 })).toThrow('ims must be a whole number from 0 to 8, got 9');
    expect(() => checkDriver({ connections: 0 })).toThrow('connections must be a whole number from 1 to 16, got 0');
    expect(() => checkDriver({ runs: 0 })).toThrow('runs must be a whole number ≥ 1, got 0');
  });
});

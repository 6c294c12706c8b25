/**
 * explore: BFS explores each state once and finds a shortest counterexample; DFS, PCT and random walks
 * find deep ones; the report says which limit stopped the search; shards partition the search; every
 * fault of the catalogue is found in its smallest configuration and written as a scenario that replays
 * to the same break.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { printStep } from '../../../src/check/engine/printStep.js';
import { writeCounterexample } from '../../../src/check/engine/writeCounterexample.js';
import { explore } from '../../../src/check/explore/explore.js';
import { mergeReports } from '../../../src/check/explore/mergeReports.js';
import { parseScenario } from '../../../src/scenario/parseScenario.js';
import { runScenario } from '../../../src/scenario/runScenario.js';
import { FAULT_NAMES } from '../../../src/system/faults.js';
import { SMALLEST } from './smallestConfigurations.js';

const dir = mkdtempSync(join(tmpdir(), 'chimney-explore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('explore', () => {
  it('exhausts a small space, each state once, and says so', () => {
    const r = explore({ actions: ['offload', 'upload'], depth: 50 });
    expect(r.stoppedBy).toBe('none');
    expect(r.counterexample).toBeUndefined();
    // InHost; Offloading; Offloaded; Uploading; InHost again differs only in what the rule monitor and NDIS numbered.
    expect(r.states).toBe(r.fingerprintSet!.size);
    expect(r.coverage.transitions).toEqual(expect.arrayContaining([
      'host offload: InHost --NdisInitiateOffload--> Offloading',
      'host offload: Offloading --ProtocolInitiateOffloadComplete--> Offloaded',
      'host offload: Offloaded --NdisTerminateOffload--> Uploading',
      'host offload: Uploading --ProtocolTerminateOffloadComplete--> InHost',
    ]));
    expect(r.coverage.rulesExercised).toContain('no-duplicate-offload');
    expect(r.coverage.rulesNeverReached).toContain('nbl-completed-once'); // no data was sent
    expect(r.collisionProbability).toBeLessThan(1e-15);
  });

  it('stops at the depth, the state and the time limits, and says which', () => {
    expect(explore({ depth: 2 }).stoppedBy).toBe('depth');
    const capped = explore({ depth: 10, maxStates: 50 });
    expect(capped.stoppedBy).toBe('states');
    expect(capped.states).toBe(50);
    expect(explore({ depth: 30, timeMs: 200 }).stoppedBy).toBe('time');
  });

  it('BFS finds a shortest counterexample: the indication right after the initiate completes', () => {
    const cx = explore({ faults: ['im-relays-with-own-handle'], actions: ['offload', 'indicate', 'send', 'peer-send'] }).counterexample!;
    expect(cx.scenario.steps.map(printStep)).toEqual([
      'offload: [ c1 ]',
      'deliver: { call: NdisMInitiateOffloadComplete, connection: c1 }',
      'indicate: { connection: c1, event: TcpIndicateRetrieve, reason: HardwareFailure }',
      'deliver: { call: NdisTcpOffloadEventHandler, connection: c1 }',
      'expect: { violation: indication-on-known-connection }',
    ]);
  });

  it.each(['dfs', 'pct', 'random'] as const)('%s finds a deep fault too, the same for the same seed', (strategy) => {
    const run = () => explore({ faults: ['im-relays-after-terminate-complete'], strategy, seed: 7, depth: 12, actions: ['offload', 'upload', 'peer-rst', 'send'], timeMs: 20_000 });
    const a = run();
    expect(a.counterexample?.invariant).toBe('im-relays-tcp-offload-event');
    expect(run().counterexample?.scenario).toEqual(a.counterexample!.scenario);
  });

  it('shards partition the search: together they see exactly the states of the whole', () => {
    const whole = explore({ depth: 3 });
    const shards = [0, 1, 2].map((index) => explore({ depth: 3, shard: { index, count: 3 } }));
    const union = new Set(shards.flatMap((s) => [...s.fingerprintSet!]));
    expect(union).toEqual(whole.fingerprintSet);
    const merged = mergeReports(shards.map((s) => ({ ...s, fingerprints: [...s.fingerprintSet!] })), 1);
    expect(merged.states).toBe(whole.states);
    expect(merged.stoppedBy).toBe('depth');
  });

  it('refuses options out of range, naming them', () => {
    expect(() => explore({ depth: 0 })).toThrow('depth must be a whole number from 1 to 1000, got 0');
    expect(() => explore({ shard: { index: 3, count: 3 } })).toThrow('shard must be i/n with 0 ≤ i < n, got 3/3');
    expect(() => explore({ actions: ['offlaod'] })).toThrow("unknown action 'offlaod'");
  });

  it.each(FAULT_NAMES)('finds %s in its smallest configuration, and the scenario replays to it', (fault) => {
    const r = explore({ faults: [fault], ...SMALLEST[fault], connections: 1, depth: 10 });
    expect(r.stoppedBy).toBe('violation');
    const cx = r.counterexample!;
    const written = writeCounterexample(cx, join(dir, fault)); // throws if the replay does not reach the same break
    const replay = runScenario(parseScenario(readFileSync(written.file, 'utf8'), written.file));
    expect(replay.passed).toBe(true);
    expect(replay.outcomes.some((o) => o.what.endsWith(cx.invariant) && o.ok)).toBe(true);
  });

  it('finds nothing wrong with the reference drivers, to depth 5 with one intermediate driver', () => {
    const r = explore({ depth: 5, maxStates: 3_000 });
    expect(r.counterexample).toBeUndefined();
    expect(['depth', 'states']).toContain(r.stoppedBy);
  });
});

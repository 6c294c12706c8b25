/**
 * The whole simulation state is data: a snapshot is one plain value (JSON- and structured-clone-safe),
 * a simulation restored from it continues exactly as the original does (same trace, same
 * fingerprint), and the fingerprint names the state — equal for equal states, whatever the schedule
 * that reached them, and different for different ones. The live state stays a tree after every step:
 * no layer keeps a reference to something it handed on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restoreSimulation } from '../../src/system/Simulation.js';
import type { Simulation } from '../../src/system/Simulation.js';
import { createSimulation } from '../../src/system/createSimulation.js';
import { perform, randomRun, SEED, simulationFor, withEnding } from './randomSteps.js';

/** A random run's simulation, recording its trace, scheduled at random (so the generator's state is part of the snapshot). */
const traced = (ims: number, receiveBuffer: number, seed: number) => simulationFor(ims, receiveBuffer, { trace: true, scheduling: 'random', seed });

/** The trace events recorded after the first `from`. */
const eventsAfter = (sim: Simulation, from: number) => sim.trace.events.slice(from);

describe('snapshot and restore', () => {
  it(`a simulation restored from a snapshot continues exactly as the original (seed ${SEED})`, () => {
    fc.assert(
      fc.property(randomRun, fc.nat(), fc.integer({ min: 1, max: 25 }), fc.nat(), ([ims, receiveBuffer, steps], at, k, seed) => {
        const all = withEnding(steps);
        const cut = at % all.length;
        const sim = traced(ims, receiveBuffer, seed);
        for (const s of all.slice(0, cut)) perform(sim, s);
        const snapshot = sim.snapshot();
        const asJson = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;
        expect(asJson).toEqual(snapshot);
        expect(structuredClone(snapshot)).toEqual(snapshot);

        const from = sim.trace.events.length;
        for (const s of all.slice(cut, cut + k)) perform(sim, s);
        const restored = restoreSimulation(asJson, sim.environment);
        for (const s of all.slice(cut, cut + k)) perform(restored, s);
        expect(restored.trace.events).toEqual(eventsAfter(sim, from));
        expect(restored.fingerprint()).toBe(sim.fingerprint());
        expect(restored.snapshot()).toEqual(sim.snapshot());
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it(`the live state stays plain data, a tree, after every step (seed ${SEED})`, () => {
    fc.assert(
      fc.property(randomRun, ([ims, receiveBuffer, steps]) => {
        const sim = simulationFor(ims, receiveBuffer);
        for (const s of withEnding(steps)) {
          perform(sim, s);
          const problem = sim.stateProblem();
          if (problem) throw new Error(`after ${JSON.stringify(s)}: ${problem}`);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('a snapshot is a copy: running on does not change it, and it names its format and layers', () => {
    const sim = createSimulation({ intermediateDrivers: 2 });
    sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
    const before = sim.snapshot();
    const copy = JSON.stringify(before);
    sim.offload('c1');
    sim.run();
    expect(JSON.stringify(before)).toBe(copy);
    expect(before.format).toBe('chimney-sim/state/1');
    expect(before.names).toEqual(['host', 'IM1', 'IM2', 'target']);
    expect(sim.snapshot()).not.toEqual(before);
  });

  it('restore refuses a value that is not a state, and a state of other layers', () => {
    const two = createSimulation({ intermediateDrivers: 2 });
    const one = createSimulation({ intermediateDrivers: 1 });
    expect(() => restoreSimulation({} as never, one.environment)).toThrow(/not a chimney-sim state/);
    expect(() => restoreSimulation(two.snapshot(), one.environment)).toThrow(/layers \(host, IM1, IM2, target\) are not the environment's \(host, IM1, target\)/);
  });
});

describe('fingerprint', () => {
  /** Two connections with a send each: the target's two send completions wait in the scheduler, independent of each other. */
  function twoCompletionsPending(): { sim: Simulation; a: number; b: number } {
    const sim = createSimulation({ intermediateDrivers: 1 });
    for (const [i, id] of ['a', 'b'].entries()) {
      sim.addConnection({ id, localAddress: '10.0.0.1', localPort: 5000 + i, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
    }
    sim.offload('a', 'b');
    sim.run();
    sim.send('a', 100);
    sim.send('b', 200);
    // Segments to the peer, the peer's ACKs back: the target completes both sends.
    while (sim.pending().some((p) => p.fn === 'segment')) sim.deliverItem(sim.pending().find((p) => p.fn === 'segment')!.id);
    const completions = sim.pending().filter((p) => p.fn === 'NdisTcpOffloadSendComplete');
    expect(completions).toHaveLength(2);
    expect(sim.pending()).toHaveLength(2);
    return { sim, a: completions[0]!.id, b: completions[1]!.id };
  }

  it('two independent completions delivered in either order reach the same state: the same fingerprint', () => {
    const { sim, a, b } = twoCompletionsPending();
    const fork = restoreSimulation(sim.snapshot(), sim.environment);
    sim.deliverItem(a);
    sim.deliverItem(b);
    fork.deliverItem(b);
    fork.deliverItem(a);
    expect(fork.fingerprint()).toBe(sim.fingerprint());
    expect(fork.snapshot()).toEqual(sim.snapshot());
    expect(fork.sendHoldings('a').acked).toBe(100);
  });

  it('different states have different fingerprints', () => {
    const { sim, a, b } = twoCompletionsPending();
    const fork = restoreSimulation(sim.snapshot(), sim.environment);
    const start = sim.fingerprint();
    sim.deliverItem(a);
    fork.deliverItem(b);
    expect(sim.fingerprint()).not.toBe(fork.fingerprint());
    expect(sim.fingerprint()).not.toBe(start);
    expect(sim.fingerprint()).toMatch(/^[0-9a-f]{16}$/);
  });

  it(`equal fingerprints exactly for equal states, over the states of random runs (seed ${SEED})`, () => {
    fc.assert(
      fc.property(randomRun, ([ims, receiveBuffer, steps]) => {
        const sim = simulationFor(ims, receiveBuffer);
        const seen = new Map<string, string>();
        for (const s of withEnding(steps)) {
          perform(sim, s);
          const json = JSON.stringify(sim.snapshot());
          const fingerprint = sim.fingerprint();
          const earlier = seen.get(fingerprint);
          if (earlier !== undefined) expect(earlier).toBe(json);
          seen.set(fingerprint, json);
        }
        const distinct = new Set(seen.values()).size;
        expect(seen.size).toBe(distinct);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

/**
 * Determinism: the only source of choice is the scheduling policy, so the same seed gives the same
 * trace, and different seeds can give different delivery orders.
 */
import { describe, expect, it } from 'vitest';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { createSimulation } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';

function scenario(seed: number): Simulation {
  const sim = createSimulation({ intermediateDrivers: 1, scheduling: 'random', seed });
  // Different remote hosts: separate paths and neighbors, so three independent initiates.
  for (const [id, port, remote] of [['a', 5001, '10.0.0.2'], ['b', 5002, '10.0.0.3'], ['c', 5003, '10.0.0.4']] as const) {
    sim.addConnection({ id, localAddress: '10.0.0.1', localPort: port, remoteAddress: remote, remotePort: 80, owningPid: 1 });
  }
  // Three separate initiates: three initiate completions pending at once.
  sim.offload('a');
  sim.offload('b');
  sim.offload('c');
  expect(sim.pending().length).toBe(3);
  sim.run();
  for (const id of ['a', 'b', 'c']) expect(sim.connection(id).offload).toBe(2);
  // Several indications queued before run().
  sim.indicate('a', E.TcpIndicateSendBacklogChange, 4096);
  sim.indicate('b', E.TcpIndicateDisconnect);
  sim.indicate('c', E.TcpIndicateRetrieve, R.UploadRequested);
  sim.indicate('a', E.TcpIndicateSendBacklogChange, 8192);
  sim.indicate('b', E.TcpIndicateRetrieve, R.HardwareFailure);
  expect(sim.pending().length).toBeGreaterThanOrEqual(3);
  sim.run();
  return sim;
}

/** The pending items in the order they were delivered, as the trace shows them (each delivered call names its item). */
function deliveryOrder(sim: Simulation): number[] {
  return sim.trace.events.flatMap((e) => (e.kind === 'call' && e.item !== undefined ? [e.item] : []));
}

describe('determinism', () => {
  it('same seed twice in one process: identical trace JSON and delivery order', () => {
    const first = scenario(7);
    const second = scenario(7);
    expect(first.trace.events.length).toBeGreaterThan(20);
    expect(JSON.stringify(second.trace.events)).toBe(JSON.stringify(first.trace.events));
    expect(deliveryOrder(second)).toEqual(deliveryOrder(first));
    expect(second.violations).toEqual(first.violations);
    expect(first.violations).toEqual([]);
  });

  it('the scenario ends where it should whatever the order', () => {
    for (const seed of [0, 1, 2, 3, 7]) {
      const sim = scenario(seed);
      expect(sim.connection('a').sendBacklog, `seed ${seed}`).toBe(8192);
      expect(sim.connection('a').offload, `seed ${seed}`).toBe(2);
      expect(sim.connection('b').offload, `seed ${seed}`).toBe(0);
      expect(sim.connection('c').offload, `seed ${seed}`).toBe(0);
      expect(sim.violations, `seed ${seed}`).toEqual([]);
    }
  });

  it('a different seed gives a different delivery order for at least one of seeds 1..10', () => {
    const base = deliveryOrder(scenario(0)).join(',');
    const others = Array.from({ length: 10 }, (_, i) => deliveryOrder(scenario(i + 1)).join(','));
    expect(others.some((o) => o !== base)).toBe(true);
  });

  it('FIFO scheduling ignores the seed', () => {
    const run = (seed: number) => {
      const sim = createSimulation({ seed });
      sim.addConnection({ id: 'a', localAddress: '10.0.0.1', localPort: 1, remoteAddress: '10.0.0.2', remotePort: 2, owningPid: 1 });
      sim.offload('a');
      sim.run();
      return JSON.stringify(sim.trace.events);
    };
    expect(run(1)).toBe(run(99));
  });
});

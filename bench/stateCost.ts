/**
 * What the whole-state operations cost (issue 9): snapshot, fingerprint and restore of a simulation
 * with `connections` offloaded connections that have moved data both ways (1 IM), and creating a
 * simulation; measured side by side, microseconds each.
 */
import { createSimulation } from '../src/system/createSimulation.js';
import { restoreSimulation, type Simulation } from '../src/system/Simulation.js';
import { microseconds } from './rates.js';

/** A simulation at rest with `n` offloaded connections, each with data sent and received. */
export function busySimulation(n: number): Simulation {
  const sim = createSimulation({ intermediateDrivers: 1 });
  const ids = Array.from({ length: n }, (_, i) => String(i + 1));
  for (const [i, id] of ids.entries()) {
    sim.addConnection({ id, localAddress: '10.0.0.1', localPort: 49152 + i, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  }
  sim.offload(...ids);
  sim.run();
  for (const id of ids) {
    sim.send(id, 3000);
    sim.peerSend(id, 1000);
  }
  sim.run();
  return sim;
}

export interface StateCost {
  snapshotUs: number;
  fingerprintUs: number;
  restoreUs: number;
}

/** Snapshot, fingerprint and restore at each connection count, and createSimulation, side by side. */
export function stateCosts(counts: readonly number[]): { at: Record<number, StateCost>; createSimulationUs: number } {
  const sims = counts.map(busySimulation);
  const snapshots = sims.map((s) => s.snapshot());
  const bodies: Array<() => void> = [() => createSimulation({ intermediateDrivers: 1 })];
  sims.forEach((sim, i) => {
    bodies.push(() => sim.snapshot(), () => sim.fingerprint(), () => restoreSimulation(snapshots[i]!, sim.environment));
  });
  microseconds(bodies, 2, 50); // warm-up
  const us = microseconds(bodies, 5, 100);
  const round = (x: number) => Number(x.toFixed(1));
  const at: Record<number, StateCost> = {};
  counts.forEach((n, i) => {
    at[n] = { snapshotUs: round(us[1 + 3 * i]!), fingerprintUs: round(us[2 + 3 * i]!), restoreUs: round(us[3 + 3 * i]!) };
  });
  return { at, createSimulationUs: round(us[0]!) };
}

/** Small simulations the invariants' unit tests share: one connection, optionally offloaded, with faults. */
import { expect } from 'vitest';
import { createSimulation, type SimulationOptions } from '../../../../src/system/createSimulation.js';
import type { Simulation } from '../../../../src/system/Simulation.js';

/** A simulation with connection `c1`, offloaded through `intermediateDrivers` (default 1) IMs, everything delivered. */
export function offloaded(options: SimulationOptions = {}): Simulation {
  const sim = createSimulation({ intermediateDrivers: 1, ...options });
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 4242 });
  sim.offload('c1');
  sim.run();
  expect(sim.connection('c1').offload).toBe(2); // Offloaded
  return sim;
}

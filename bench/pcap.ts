/**
 * pcapMbPerSec: how fast the wire of a long run is written as pcapng (`pcapngOf`), in megabytes of
 * capture per wall-clock second. The run: one offloaded connection, 2,000 rounds of the application
 * writing 1,460 bytes and the peer sending 1,460, each delivered (8,000 segments on the wire, trace on).
 * The capture is made from the finished run's trace, so only the writing is timed.
 */
import { performance } from 'node:perf_hooks';
import { createSimulation, pcapngOf, type Simulation } from '../src/index.js';

const ROUNDS = 2_000;
const MSS = 1_460;

/** The long run whose wire is written. */
export function longRun(): Simulation {
  const sim = createSimulation({ intermediateDrivers: 1 });
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 7 });
  sim.offload('c1');
  sim.run();
  for (let i = 0; i < ROUNDS; i++) {
    sim.send('c1', MSS);
    sim.postReceive('c1', MSS);
    sim.peerSend('c1', MSS);
    sim.run();
  }
  return sim;
}

/** Megabytes (10⁶ bytes) of pcapng written per second, over repeated captures of the same run for at least `ms`. */
export function pcapMbPerSec(ms: number): { mbPerSec: number; captureBytes: number; packets: number } {
  const sim = longRun();
  let bytes = pcapngOf(sim).length; // warm-up, and the size
  const captureBytes = bytes;
  bytes = 0;
  const start = performance.now();
  let t = 0;
  while ((t = performance.now() - start) < ms) bytes += pcapngOf(sim).length;
  const packets = sim.trace.events.filter((e) => e.kind === 'segment').length;
  return { mbPerSec: Number((bytes / 1e6 / (t / 1000)).toFixed(1)), captureBytes, packets };
}

/**
 * Rates measured side by side: several workloads take turns, `sliceMs` each, for `rounds` rounds, so
 * that a noisy neighbour on this shared machine slows them all alike and their ratios stay fair.
 */
import { performance } from 'node:perf_hooks';

/** A workload: one call does some operations and returns how many. */
export type Workload = () => number;

/** Operations per second of each workload. */
export function rates(workloads: readonly Workload[], rounds: number, sliceMs: number): number[] {
  const ops = workloads.map(() => 0);
  const elapsed = workloads.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    workloads.forEach((body, i) => {
      const start = performance.now();
      let t = 0;
      while ((t = performance.now() - start) < sliceMs) ops[i]! += body();
      elapsed[i]! += t;
    });
  }
  return ops.map((n, i) => (n / elapsed[i]!) * 1000);
}

/** Microseconds per call of each body, measured side by side as `rates` does. */
export function microseconds(bodies: ReadonlyArray<() => void>, rounds: number, sliceMs: number): number[] {
  const perSec = rates(
    bodies.map((body) => () => {
      for (let i = 0; i < 10; i++) body();
      return 10;
    }),
    rounds,
    sliceMs,
  );
  return perSec.map((r) => 1e6 / r);
}

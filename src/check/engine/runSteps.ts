/**
 * One check run from scratch: the simulation for a run's shape, then steps judged one by one until an
 * invariant breaks. fast-check's commands use it through `newRun`; the minimizer and the written
 * counterexample replay concrete steps with `replaySteps`.
 */
import type { ActionStep } from '../../scenario/performStep.js';
import { matchingPending } from '../../scenario/performStep.js';
import { createSimulation } from '../../system/createSimulation.js';
import type { SimulationOptions } from '../../system/createSimulation.js';
import type { CheckModel } from '../commands/CheckModel.js';
import { connectionId } from '../commands/index.js';
import type { Invariant, InvariantBreak } from '../invariants/Invariant.js';
import type { CheckOptions, RunConfig } from './CheckOptions.js';
import { InvariantBroken } from './InvariantBroken.js';
import { LOSSY_WIRE_FAULTS } from '../../system/faults.js';
import { judgeStep } from './judgeStep.js';

/** The simulation options of a run: your drivers (or the catalogue's faults) in the run's shape. */
export function simulationOptionsFor(options: CheckOptions, config: RunConfig, trace = false): SimulationOptions {
  return {
    trace,
    intermediateDrivers: options.intermediateDriver ? Array.from({ length: config.ims }, () => options.intermediateDriver!) : config.ims,
    ...(options.target ? { target: options.target } : {}),
    ...(options.faults?.length ? { faults: options.faults } : {}),
    hostPolicy: { receiveBuffer: config.receiveBuffer },
    // A fault only a lossy wire shows is checked over one (its runs may drop segments).
    ...(options.faults?.some((f) => LOSSY_WIRE_FAULTS.has(f)) ? { wire: {} } : {}),
  };
}

/** The endpoints of connection k, as in the shipped scenarios: 10.0.0.1:4915x to 10.0.0.<remote>:443. */
export function connectionSpec(k: number, remote: number) {
  return { id: connectionId(k), localAddress: '10.0.0.1', localPort: 49151 + k, remoteAddress: `10.0.0.${remote}`, remotePort: 443, owningPid: 4242 };
}

/** A fresh run: the simulation with its connections, and an empty record of steps. */
export function newRun(options: CheckOptions, config: RunConfig, invariants: readonly Invariant[]): CheckModel {
  options.observer?.runStarted(config);
  const sim = createSimulation(simulationOptionsFor(options, config));
  const connections: string[] = [];
  for (let k = 1; k <= config.remotes.length; k++) {
    sim.addConnection(connectionSpec(k, config.remotes[k - 1]!));
    connections.push(connectionId(k));
  }
  return { sim, connections, steps: [], outOfOrder: 0, invariants, observer: options.observer };
}

/** The fixed ending of every run: everything delivered, every connection uploaded, everything delivered. */
export function endingSteps(connections: readonly string[]): ActionStep[] {
  return [{ deliver: 'all' }, { upload: [...connections] }, { deliver: 'all' }];
}

export type Replay =
  | { kind: 'broken'; broken: InvariantBreak; all: readonly InvariantBreak[]; steps: ActionStep[]; outOfOrder: number }
  | { kind: 'holds' }
  | { kind: 'refused' };

/**
 * Replays concrete steps: the first break (and the steps up to it), or that all held, or that a step was
 * refused. `lenient`: a step that cannot happen is skipped instead (a delivery whose item no longer
 * comes, once the minimizer dropped the step that made it); the break's `steps` are those performed.
 */
export function replaySteps(options: CheckOptions, config: RunConfig, invariants: readonly Invariant[], steps: readonly ActionStep[], lenient = false): Replay {
  const m = newRun(options, config, invariants);
  for (const step of steps) {
    if (typeof step === 'object' && 'deliver' in step && typeof step.deliver === 'object') {
      const d = step.deliver;
      const item = matchingPending(m.sim, d.call, d.connection)[(d.nth ?? 1) - 1];
      if (item && item.id !== m.sim.pending()[0]?.id) m.outOfOrder++;
    }
    try {
      if (!judgeStep(m, step) && !lenient) return { kind: 'refused' };
    } catch (e) {
      if (e instanceof InvariantBroken) return { kind: 'broken', broken: e.broken, all: e.all, steps: m.steps, outOfOrder: m.outOfOrder };
      throw e;
    }
  }
  return { kind: 'holds' };
}

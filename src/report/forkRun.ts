/**
 * "What if": the run continued from a saved state by delivering another pending item than the one the
 * scheduler chose, then everything still pending, first made first (FIFO), up to a bound. Computed on
 * a restored copy (restoreSimulation), so the run itself is untouched. The scenario's later steps are
 * not replayed: the fork shows where this one choice leads. Its frames carry no "why not?" (the main
 * run's frames do), which keeps a report with many forks small.
 */
import { fifoPolicy } from '../scheduler/policies.js';
import { HandlerThrew } from '../system/HandlerThrew.js';
import type { SimulationEnvironment } from '../system/assemble.js';
import { restoreSimulation, type Simulation } from '../system/Simulation.js';
import type { SimulationState } from '../system/SimulationState.js';
import { pendingLabel } from '../system/pendingLabel.js';
import { frameOf } from './frameOf.js';
import type { Fork, Frame } from './ReportData.js';
import { reportEvents } from './reportEvents.js';

export function forkRun(from: number, state: SimulationState, environment: SimulationEnvironment, item: { id: number; label: string }, maxDeliveries: number): Fork {
  const sim = restoreSimulation(state, { ...environment, policy: fifoPolicy() });
  const frames: Frame[] = [];
  let seen = 0;
  const take = (title: string) => {
    const events = sim.trace.events.slice(seen);
    seen = sim.trace.events.length;
    frames.push(frameOf(sim, { kind: 'delivery', title, line: null, events, whyNot: false }));
  };
  try {
    sim.deliverItem(item.id);
    take(`deliver #${item.id} ${item.label} (instead)`);
    while (frames.length < maxDeliveries && !sim.stopped) {
      const next = sim.deliver();
      if (!next) break;
      take(`deliver #${next.id} ${pendingLabel(next)}`);
    }
  } catch (e) {
    if (!(e instanceof HandlerThrew)) throw e;
    take(`a driver's handler threw: ${e.message}`);
  }
  trailing(sim, frames, seen);
  return { from, item, frames, truncated: !sim.crashed && !sim.stopped && sim.pending().length > 0 };
}

/** Events recorded after the last frame (the "eventually" rules judged at rest) join that frame. */
function trailing(sim: Simulation, frames: Frame[], seen: number): void {
  if (!sim.crashed) sim.checkQuiescence();
  const last = frames.at(-1);
  const rest = sim.trace.events.slice(seen);
  if (last && rest.length > 0) last.events.push(...reportEvents(rest));
}

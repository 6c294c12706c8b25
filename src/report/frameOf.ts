/**
 * One frame of the stepper, read from a simulation between two steps: the events of the step, the
 * state of every layer, the connection table, the pending items, and (when asked) what is not possible
 * now and why. Everything is read from a snapshot or through the simulation's public readers.
 */
import type { ActionStep } from '../scenario/performStep.js';
import type { Simulation } from '../system/Simulation.js';
import type { TraceEvent } from '../trace/TraceEvent.js';
import { actionRefusals } from './actionRefusals.js';
import { layerRows } from './layerRows.js';
import { machineRefusals } from './machineRefusals.js';
import { pendingRows } from './pendingRows.js';
import type { Frame } from './ReportData.js';
import { reportEvents } from './reportEvents.js';
import { tableRows } from './tableRows.js';

export interface FrameInput {
  kind: Frame['kind'];
  title: string;
  line: number | null;
  events: readonly TraceEvent[];
  /** The actions to judge for "why not?"; none: only the machines' answers. */
  actions?: readonly ActionStep[];
  /** False: no "why not?" at all (a fork's frames). Default true. */
  whyNot?: boolean;
}

export function frameOf(sim: Simulation, input: FrameInput): Frame {
  const state = sim.snapshot();
  const layers = layerRows(state);
  const whyNot = input.whyNot === false ? [] : [...machineRefusals(layers), ...(input.actions && !sim.crashed ? actionRefusals(state, sim.environment, input.actions) : [])];
  return {
    kind: input.kind, title: input.title, line: input.line, events: reportEvents(input.events), layers, table: tableRows(sim), pending: pendingRows(sim), whyNot,
    checks: [], forks: [],
  };
}

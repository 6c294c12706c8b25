/**
 * What the commands of a check run share: the simulation under test, the steps performed so far (as
 * scenario steps, so the run can be written as a scenario), how many deliveries left FIFO order, and
 * what is judged after every step.
 */
import type { ActionStep } from '../../scenario/performStep.js';
import type { Simulation } from '../../system/Simulation.js';
import type { Invariant } from '../invariants/Invariant.js';
import type { RunObserver } from '../engine/CheckOptions.js';

export interface CheckModel {
  readonly sim: Simulation;
  /** The connection ids of this run: c1 .. cK. */
  readonly connections: readonly string[];
  /** Every step performed so far, concrete (a delivery names the item it delivered). */
  readonly steps: ActionStep[];
  /** Deliveries so far of an item that was not the oldest one enabled. */
  outOfOrder: number;
  readonly invariants: readonly Invariant[];
  readonly observer?: RunObserver | undefined;
}

/**
 * A scheduling choice: NDIS delivers one of the pending items (a completion, an indication, a segment,
 * a timer). `pick` 0 is the oldest (FIFO order); fast-check shrinks picks toward 0, so a counterexample
 * leaves FIFO order only where the bug needs it.
 */
import fc from 'fast-check';
import type { ActionStep } from '../../scenario/performStep.js';
import { deliverStepFor } from '../engine/deliverStepFor.js';
import type { CheckModel } from './CheckModel.js';
import { StepCommand } from './StepCommand.js';

export class DeliverCommand extends StepCommand {
  constructor(readonly pick: number) {
    super();
  }

  check(m: Readonly<CheckModel>): boolean {
    return m.sim.pending().length > 0;
  }

  protected stepFor(m: CheckModel): ActionStep {
    const enabled = m.sim.pending();
    const k = this.pick % enabled.length;
    if (k !== 0) m.outOfOrder++;
    return deliverStepFor(m.sim, enabled[k]!, m.connections);
  }

  protected describe(): string {
    return `deliver: pending item ${this.pick}`;
  }
}

export const deliver = (): fc.Arbitrary<StepCommand> => fc.nat({ max: 15 }).map((pick) => new DeliverCommand(pick));

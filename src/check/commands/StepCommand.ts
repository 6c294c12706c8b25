/**
 * A fast-check model-based command that performs one scenario step on the simulation under test, then
 * judges every invariant. Each kind of command (a host action, a target event, an adapter status, a
 * peer segment, a scheduling choice) is one file beside this one; fast-check generates, runs and
 * shrinks lists of them.
 */
import type fc from 'fast-check';
import type { ActionStep } from '../../scenario/performStep.js';
import { printStep } from '../engine/printStep.js';
import { judgeStep } from '../engine/judgeStep.js';
import type { Simulation } from '../../system/Simulation.js';
import type { CheckModel } from './CheckModel.js';
import { stepAllowed } from './stepAllowed.js';

export abstract class StepCommand implements fc.Command<CheckModel, Simulation> {
  /** Whether the step can be performed now (fast-check skips the command otherwise). */
  abstract check(m: Readonly<CheckModel>): boolean;
  /** The concrete step to perform now. */
  protected abstract stepFor(m: CheckModel): ActionStep;
  /** What the command will do, before it ran (a delivery is known only by its pick until then). */
  protected abstract describe(): string;

  private performed: ActionStep | undefined;

  run(m: CheckModel): void {
    const step = this.stepFor(m);
    this.performed = step;
    judgeStep(m, step);
  }

  toString(): string {
    return this.performed ? printStep(this.performed) : this.describe();
  }
}

/** A command whose step does not depend on the moment: it is known when generated. */
export class FixedStepCommand extends StepCommand {
  constructor(
    private readonly step: ActionStep,
    /** The connections the step names; the command is skipped when the run has fewer. */
    private readonly about: readonly string[],
    private readonly allowed: (m: Readonly<CheckModel>) => boolean = () => true,
  ) {
    super();
  }

  check(m: Readonly<CheckModel>): boolean {
    return this.about.every((c) => m.connections.includes(c)) && stepAllowed(m, this.step) && this.allowed(m);
  }

  protected stepFor(): ActionStep {
    return this.step;
  }

  protected describe(): string {
    return printStep(this.step);
  }
}

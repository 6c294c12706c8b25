/**
 * Performs one step of a check run and judges it: the step is recorded (concrete, as a scenario step),
 * then every invariant is checked — the "quiescent" ones too when nothing is pending. A driver's
 * handler that throws breaks `driver-returns`; the checker itself never does.
 */
import { performStep, StepRefused, type ActionStep } from '../../scenario/performStep.js';
import { HandlerThrew } from '../../system/HandlerThrew.js';
import { checkInvariants } from '../invariants/index.js';
import type { CheckModel } from '../commands/CheckModel.js';
import { stepAllowed } from '../commands/stepAllowed.js';
import { InvariantBroken } from './InvariantBroken.js';

/** Performs and judges; false when the step may not happen now or the simulation refused it (nothing happened, nothing is recorded). */
export function judgeStep(m: CheckModel, step: ActionStep): boolean {
  if (!stepAllowed(m, step)) return false;
  m.observer?.stepStarted(step);
  try {
    performStep(m.sim, step);
  } catch (e) {
    if (e instanceof StepRefused) return false;
    if (!(e instanceof HandlerThrew)) throw e; // a bug of the simulator, not of the driver under test
    m.steps.push(step);
    throw new InvariantBroken({ invariant: 'driver-returns', message: e.message });
  }
  m.steps.push(step);
  const broken = checkInvariants(m.sim, m.invariants, m.sim.pending().length === 0);
  if (broken.length > 0) throw new InvariantBroken(broken[0]!, broken);
  return true;
}

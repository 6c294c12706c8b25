/**
 * Whether a step may happen now, for generated runs and for every replay of the minimizer alike: the
 * check drives the target's indications and the peer, so they keep to what a target and a peer do by
 * themselves. A step not allowed is never performed; stepRefusal says why.
 */
import type { ActionStep } from '../../scenario/performStep.js';
import type { CheckModel } from './CheckModel.js';
import { stepRefusal } from './stepRefusal.js';

export function stepAllowed(m: Readonly<CheckModel>, step: ActionStep): boolean {
  return stepRefusal(m, step) === undefined;
}

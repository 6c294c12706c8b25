/**
 * Whether a step may happen now, for generated runs and for every replay of the minimizer alike: the
 * check drives the target's indications and the peer, so they keep to what a target and a peer do by
 * themselves (targetMayIndicate, peerMaySend). A step not allowed is never performed.
 */
import type { ActionStep } from '../../scenario/performStep.js';
import { peerFinConnection } from '../../scenario/schema.js';
import type { CheckModel } from './CheckModel.js';
import { peerMaySend } from './peerMaySend.js';
import { targetMayIndicate } from './targetMayIndicate.js';

export function stepAllowed(m: Readonly<CheckModel>, step: ActionStep): boolean {
  if ('indicate' in step) {
    return targetMayIndicate(m, step.indicate.connection, step.indicate.reason);
  }
  if ('peer-send' in step) return peerMaySend(m, step['peer-send'].connection);
  if ('peer-fin' in step) return peerMaySend(m, peerFinConnection(step['peer-fin']));
  if ('peer-rst' in step) return !m.sim.peerView(step['peer-rst'].connection).reset;
  return true;
}

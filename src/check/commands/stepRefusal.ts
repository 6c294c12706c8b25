/**
 * Why a step may not happen now, as a sentence naming the state and the rule (undefined when it may):
 * the reasons behind stepAllowed, which answers with their absence. The check drives the target's
 * indications and the peer, so they keep to what a target and a peer do by themselves
 * (targetIndicateRefusal, peerSendRefusal). The HTML report's "why not?" lists them.
 */
import type { ActionStep } from '../../scenario/performStep.js';
import { peerFinConnection } from '../../scenario/schema.js';
import type { CheckModel } from './CheckModel.js';
import { peerSendRefusal } from './peerSendRefusal.js';
import { targetIndicateRefusal } from './targetIndicateRefusal.js';

export function stepRefusal(m: Readonly<Pick<CheckModel, 'sim'>>, step: ActionStep): string | undefined {
  if ('indicate' in step) return targetIndicateRefusal(m, step.indicate.connection, step.indicate.reason);
  if ('peer-send' in step) return peerSendRefusal(m, step['peer-send'].connection);
  if ('peer-fin' in step) return peerSendRefusal(m, peerFinConnection(step['peer-fin']));
  if ('drop' in step || 'duplicate' in step || 'reorder' in step) {
    return m.sim.liveState.wire === undefined ? 'the wire loses nothing here (a lossy-wire fault, or the wire option, makes one that can)' : undefined;
  }
  if ('peer-rst' in step) {
    const c = step['peer-rst'].connection;
    return m.sim.peerView(c).reset ? `tcp ${c} was already reset (RST): the peer has no connection left to reset` : undefined;
  }
  return undefined;
}

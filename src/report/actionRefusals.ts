/**
 * "Why not?" for the environment's actions at one point of a run: each action of reportActions is
 * judged on a copy of the state (restoreSimulation), never on the run itself. Not possible now when:
 * a target or peer would not do it (stepRefusal: the rule it keeps), the simulation refuses it (its
 * message), doing it would break a documented rule (the rule's id and summary), or the host receives
 * it and decides to make no NDIS call at all (its decision, which names the state).
 */
import { stepRefusal } from '../check/commands/stepRefusal.js';
import { printStep } from '../check/engine/printStep.js';
import { performStep, StepRefused, type ActionStep } from '../scenario/performStep.js';
import { HandlerThrew } from '../system/HandlerThrew.js';
import type { SimulationEnvironment } from '../system/assemble.js';
import { restoreSimulation } from '../system/Simulation.js';
import type { SimulationState } from '../system/SimulationState.js';
import type { WhyNot } from './ReportData.js';

/** Kinds of event that show the action reached some layer and made it act. */
const ACTING = new Set(['call', 'pend', 'segment']);

export function actionRefusals(state: SimulationState, environment: SimulationEnvironment, actions: readonly ActionStep[]): WhyNot[] {
  const out: WhyNot[] = [];
  const look = restoreSimulation(state, environment);
  for (const step of actions) {
    const action = printStep(step);
    const rule = stepRefusal({ sim: look }, step);
    if (rule !== undefined) {
      out.push({ action, because: 'rule', why: rule });
      continue;
    }
    const sim = restoreSimulation(state, environment);
    try {
      performStep(sim, step);
    } catch (e) {
      if (e instanceof StepRefused) out.push({ action, because: 'refused', why: e.message });
      else if (e instanceof HandlerThrew) out.push({ action, because: 'refused', why: `a driver's handler throws: ${e.message}` });
      else throw e;
      continue;
    }
    const broken = sim.violations[0];
    if (broken) {
      out.push({ action, because: 'rule', why: `it would break rule ${broken.rule}: ${broken.summary} (${broken.source})` });
      continue;
    }
    const events = sim.trace.events;
    const decision = events.find((e) => e.kind === 'decision');
    if (!events.some((e) => ACTING.has(e.kind)) && decision?.kind === 'decision') {
      out.push({ action, because: 'state', why: `${decision.layer} ${decision.text}` });
    }
  }
  return out;
}

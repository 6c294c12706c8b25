/**
 * The scenario step that delivers exactly this pending item: `deliver: { call, connection, nth }`,
 * naming the connection the item is about (when it is about one) and, when other items match the same
 * call and connection, which of them in the order they were made.
 */
import { connectionLabels } from '../../scenario/checkExpectation.js';
import { matchingPending, type ActionStep } from '../../scenario/performStep.js';
import type { PendingView, Simulation } from '../../system/Simulation.js';

export function deliverStepFor(sim: Simulation, item: PendingView, connections: readonly string[]): ActionStep {
  const connection = connections.find((c) => connectionLabels(sim, c).some((label) => item.objects.includes(label)));
  const nth = matchingPending(sim, item.fn, connection).findIndex((p) => p.id === item.id) + 1;
  if (nth < 1) throw new Error(`pending item #${item.id} does not match its own delivery step`);
  return { deliver: { call: item.fn, ...(connection === undefined ? {} : { connection }), ...(nth > 1 ? { nth } : {}) } };
}

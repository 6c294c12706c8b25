/**
 * "Why not?" from the machines themselves: for each object shown at a step, every event its graph
 * knows that has no transition from the object's current state (the state says no), and every event
 * whose transitions from here are all guarded (the guard decides). Read off the compiled xstate
 * machines the simulation runs, so the answer cannot drift from the code.
 */
import type { CompiledMachine } from '../machines/CompiledMachine.js';
import { compileMachine } from '../machines/compileMachine.js';
import { findMachine } from '../machines/machineRegistry.js';
import type { LayerRow, WhyNot } from './ReportData.js';

/** Which registered machine runs each region a layer row shows. */
const MACHINE_OF_REGION: Readonly<Record<string, string>> = {
  offload: 'offload',
  tcp: 'tcp',
  adapter: 'adapter',
  entry: 'im-offload-entry',
  context: 'target-context',
};

const compiled = new Map<string, CompiledMachine>();

function machineNamed(name: string): CompiledMachine | undefined {
  if (!compiled.has(name)) {
    const m = findMachine(name);
    if (m) compiled.set(name, compileMachine(m.machine));
  }
  return compiled.get(name);
}

export function machineRefusals(rows: readonly LayerRow[]): WhyNot[] {
  const out: WhyNot[] = [];
  for (const row of rows) {
    const name = MACHINE_OF_REGION[row.region];
    const m = name === undefined ? undefined : machineNamed(name);
    if (!m || !m.transitions.has(row.state)) continue;
    const here = m.transitions.get(row.state)!;
    for (const event of m.eventTypes) {
      const action = `${event} on ${row.layer}'s ${row.object}`;
      const candidates = here.get(event);
      if (candidates === undefined || candidates.length === 0) {
        const from = [...m.transitions].filter(([, on]) => on.has(event)).map(([s]) => s);
        out.push({ action, because: 'state', why: `${row.object} is ${row.state}; the ${m.id} machine takes ${event} only in ${from.join(' or ')}` });
        continue;
      }
      if (candidates.every((c) => c.guard !== undefined)) {
        const ways = candidates.map((c) => `to ${c.target} when ${c.guard} holds`).join(', ');
        out.push({ action, because: 'guard', why: `${row.object} is ${row.state}; ${event} goes ${ways}, and nowhere otherwise` });
      } else if (candidates.some((c) => c.guard !== undefined)) {
        const guarded = candidates.filter((c) => c.guard !== undefined).map((c) => `to ${c.target} only when ${c.guard} holds`);
        const fallback = candidates.find((c) => c.guard === undefined);
        out.push({ action, because: 'guard', why: `${row.object} is ${row.state}; ${event} goes ${guarded.join(', ')}; otherwise to ${fallback?.target}` });
      }
    }
  }
  return out;
}

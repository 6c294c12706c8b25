/**
 * A registered machine as a Mermaid `stateDiagram-v2`, drawn from its compiled table (the table the
 * simulation runs), optionally with what one run visited: visited states get the `visited` class,
 * states the run never entered the `unvisited` class, and each transition the run took carries
 * `✔ ×N` in its label (Mermaid's state diagrams cannot style a single transition).
 */
import type { CompiledMachine } from '../../machines/CompiledMachine.js';
import { transitionKey, type MachineVisits } from './machineVisits.js';
import { mermaidText } from './mermaidText.js';

/** Fill and stroke of states a run visited, and of those it did not. */
export const VISITED_STYLE = 'fill:#c8f7c5,stroke:#2e7d32,stroke-width:3px';
export const UNVISITED_STYLE = 'fill:#eeeeee,stroke:#9e9e9e,color:#757575';

export interface MachineDiagramOptions {
  /** Where the `[*]` arrow points (default: the machine's initial state). */
  readonly drawFrom?: string;
  /** What a run visited, to highlight. */
  readonly visits?: MachineVisits;
  /** Who visited (a scenario's file), said in a comment line; escaped. */
  readonly visitedBy?: string;
}

/** The diagram text: one line per transition, `From --> To: EVENT [guard]`, in the machine's order. */
export function machineDiagram(machine: CompiledMachine, options: MachineDiagramOptions = {}): string {
  const initial = options.drawFrom ?? machine.initial;
  if (!machine.transitions.has(initial)) throw new Error(`machineDiagram(${machine.id}): ${initial} is not a state of the machine`);
  const visits = options.visits;
  const lines = ['stateDiagram-v2'];
  if (visits && options.visitedBy !== undefined) lines.push(`  %% highlighted: what ${mermaidText(options.visitedBy, 120)} visited`);
  lines.push(`  [*] --> ${initial}`);
  for (const [state, byEvent] of machine.transitions) {
    for (const [eventType, candidates] of byEvent) {
      for (const c of candidates) {
        const label = c.guard ? `${eventType} [${c.guard}]` : candidates.length > 1 ? `${eventType} [else]` : eventType;
        const taken = visits?.transitions.get(transitionKey(state, eventType, c.target));
        lines.push(`  ${state} --> ${c.target}: ${mermaidText(label)}${taken ? ` ✔ ×${taken}` : ''}`);
      }
    }
  }
  if (visits) {
    const states = [...machine.transitions.keys()];
    const visited = states.filter((s) => (visits.states.get(s) ?? 0) > 0);
    const unvisited = states.filter((s) => !visited.includes(s));
    lines.push(`  classDef visited ${VISITED_STYLE}`, `  classDef unvisited ${UNVISITED_STYLE}`);
    if (visited.length > 0) lines.push(`  class ${visited.join(',')} visited`);
    if (unvisited.length > 0) lines.push(`  class ${unvisited.join(',')} unvisited`);
  }
  return lines.join('\n');
}

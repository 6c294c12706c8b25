/** Mermaid `stateDiagram-v2` text of a compiled machine, drawn from the same table that runs it. */
import type { CompiledMachine } from './CompiledMachine.js';

/**
 * One line per transition, `From --> To: EVENT [guard]`, in the machine's order; an unguarded
 * candidate after guarded ones is labelled `[else]`. `initial` is where the `[*]` arrow points: the
 * machine's initial state unless a drawing starts elsewhere.
 */
export function stateDiagram(machine: CompiledMachine, initial: string = machine.initial): string {
  if (!machine.transitions.has(initial)) throw new Error(`stateDiagram(${machine.id}): ${initial} is not a state of the machine`);
  const lines = ['stateDiagram-v2', `  [*] --> ${initial}`];
  for (const [state, byEvent] of machine.transitions) {
    for (const [eventType, candidates] of byEvent) {
      for (const c of candidates) {
        const label = c.guard ? `${eventType} [${c.guard}]` : candidates.length > 1 ? `${eventType} [else]` : eventType;
        lines.push(`  ${state} --> ${c.target}: ${label}`);
      }
    }
  }
  return lines.join('\n');
}

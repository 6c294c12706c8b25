/**
 * Compiles a flat xstate machine (no nesting, targets only, named guards) into a lookup table, so a
 * per-connection region can follow the machine's graph without an actor per connection. The graph
 * stays the single source: drawing, running and the rulebook all read the same machine.
 */
import type { AnyStateMachine } from 'xstate';

export interface CompiledTransition {
  /** Name of the guard that must hold, if any. */
  readonly guard?: string;
  readonly target: string;
}

/** state -> event type -> candidate transitions, in the machine's order. */
export type CompiledMachine = ReadonlyMap<string, ReadonlyMap<string, readonly CompiledTransition[]>>;

export function compileMachine(machine: AnyStateMachine): CompiledMachine {
  const table = new Map<string, Map<string, CompiledTransition[]>>();
  for (const [stateName, node] of Object.entries(machine.root.states)) {
    const byEvent = new Map<string, CompiledTransition[]>();
    for (const [eventType, defs] of node.transitions) {
      byEvent.set(
        eventType,
        defs.map((d) => {
          const target = d.target?.[0]?.key;
          if (!target) throw new Error(`${machine.id}: ${stateName} on ${eventType} has no target`);
          const g = d.guard as unknown;
          const guard = typeof g === 'string' ? g : (g as { type?: string } | undefined)?.type;
          return guard ? { guard, target } : { target };
        }),
      );
    }
    table.set(stateName, byEvent);
  }
  return table;
}

/** The next state, or undefined when the machine has no transition for this event in this state. */
export function nextState(
  table: CompiledMachine,
  state: string,
  eventType: string,
  guardHolds: (guard: string) => boolean,
): string | undefined {
  const candidates = table.get(state)?.get(eventType);
  if (!candidates) return undefined;
  for (const t of candidates) if (!t.guard || guardHolds(t.guard)) return t.target;
  return undefined;
}

/** Mermaid `stateDiagram-v2` text of a flat machine, drawn from the same table that runs it. */
export function stateDiagram(table: CompiledMachine, initial: string): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${initial}`];
  for (const [state, byEvent] of table) {
    for (const [eventType, candidates] of byEvent) {
      for (const c of candidates) {
        const label = c.guard ? `${eventType} [${c.guard}]` : candidates.length > 1 ? `${eventType} [else]` : eventType;
        lines.push(`  ${state} --> ${c.target}: ${label}`);
      }
    }
  }
  return lines.join('\n');
}

/**
 * The transitions of every registered machine as coverage counts them: one row per candidate of a
 * (state × event) pair, read off the same compiled table that runs the machine, so the list can never
 * drift from the code. A pair with a guard has one row per candidate (`[tcpBlockSucceeded]`, `[else]`).
 */
import { compileMachine } from '../machines/compileMachine.js';
import type { CompiledMachine } from '../machines/CompiledMachine.js';
import { MACHINES, type RegisteredMachine } from '../machines/machineRegistry.js';

/** One candidate transition of one machine. */
export interface MachineTransition {
  /** The machine's registered name (`offload`). */
  readonly machine: string;
  readonly state: string;
  readonly event: string;
  /** The guard's name, `else` for an unguarded candidate after guarded ones; absent when the pair has one candidate. */
  readonly guard?: string;
  readonly target: string;
  /** `offload: Offloading × ProtocolInitiateOffloadComplete [else] → InHost`: unique, and what reports print. */
  readonly key: string;
}

/** `Offloading × ProtocolInitiateOffloadComplete`. */
export function pairOf(t: Pick<MachineTransition, 'state' | 'event'>): string {
  return `${t.state} × ${t.event}`;
}

const cache = new Map<RegisteredMachine, readonly MachineTransition[]>();

/** The candidates of a registered machine, in the machine's order (computed once per machine). */
export function machineTransitions(m: RegisteredMachine): readonly MachineTransition[] {
  const known = cache.get(m);
  if (known !== undefined) return known;
  const table: CompiledMachine = compileMachine(m.machine);
  const out: MachineTransition[] = [];
  for (const [state, byEvent] of table.transitions) {
    for (const [event, candidates] of byEvent) {
      for (const c of candidates) {
        const guard = c.guard ?? (candidates.length > 1 ? 'else' : undefined);
        const key = `${m.name}: ${state} × ${event}${guard !== undefined ? ` [${guard}]` : ''} → ${c.target}`;
        out.push({ machine: m.name, state, event, ...(guard !== undefined ? { guard } : {}), target: c.target, key });
      }
    }
  }
  cache.set(m, out);
  return out;
}

/** Every machine's candidates, machine by machine in the registry's order. */
export function allMachineTransitions(): MachineTransition[] {
  return MACHINES.flatMap(machineTransitions);
}

/**
 * The candidate `event` takes from `state` in machine `m` (the first whose guard holds, as nextState
 * decides), or undefined when the machine does not move.
 */
export function firedTransition(m: RegisteredMachine, state: string, event: { type: string } & Record<string, unknown>): MachineTransition | undefined {
  const table = compileMachine(m.machine);
  const candidates = table.transitions.get(state)?.get(event.type);
  if (candidates === undefined) return undefined;
  const args = table.guardArgs;
  const index = candidates.findIndex((c) => {
    if (c.check === undefined) return true;
    args.event = event;
    return c.check(args, c.params);
  });
  if (index < 0) return undefined;
  return machineTransitions(m).filter((t) => t.state === state && t.event === event.type)[index];
}

/**
 * The states of `m` its own graph reaches from where the simulation starts its objects (`drawFrom`:
 * ESTABLISHED for the TCP region). A transition out of any other state can never be taken by a run.
 */
export function reachableStates(m: RegisteredMachine): ReadonlySet<string> {
  const reached = new Set([m.drawFrom]);
  const queue = [m.drawFrom];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const t of machineTransitions(m)) {
      if (t.state === state && !reached.has(t.target)) {
        reached.add(t.target);
        queue.push(t.target);
      }
    }
  }
  return reached;
}

/** One step of a compiled machine: the interpreter a region runs instead of an xstate actor. */
import type { EventObject } from 'xstate';
import type { CompiledMachine } from './CompiledMachine.js';

/**
 * The state `event` takes the machine to from `state`, or undefined when the machine has no enabled
 * transition for it there (xstate would leave the state unchanged). Candidates are tried in the
 * machine's order; the first whose guard holds, or that has none, is taken. Guards are the machine's
 * own implementations, called as xstate calls them. Allocates nothing.
 */
export function nextState<S extends string, TEvent extends EventObject>(machine: CompiledMachine<S>, state: S, event: TEvent): S | undefined {
  const candidates = machine.transitions.get(state)?.get(event.type);
  if (candidates === undefined) return undefined;
  const args = machine.guardArgs;
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i];
    if (candidate === undefined) continue;
    if (candidate.check === undefined) return candidate.target;
    args.event = event;
    if (candidate.check(args, candidate.params)) return candidate.target;
  }
  return undefined;
}

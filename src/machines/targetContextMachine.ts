/**
 * The life of an offload target's context area for one state object (reference §4.3, §6.2, §9): made
 * Offloaded when MiniportInitiateOffload takes the object; Terminating from the MiniportTerminateOffload
 * that names it (or its neighbor or path) on — its segments then take the normal receive path and new I/O
 * completes with NDIS_STATUS_UPLOAD_IN_PROGRESS; Freed when the terminate completes and the slot is given
 * back. What is not exclusive (invalidated, upload requested, reset, hardware failure, whether its
 * initiate completion has returned) is not a state of this graph but a condition the target keeps beside
 * it (TargetFlags).
 */
import { setup } from 'xstate';
import { compileMachine } from './compileMachine.js';
import { nextState } from './nextState.js';

export type TargetContextEvent = { type: 'MiniportTerminateOffload' } | { type: 'NdisMTerminateOffloadComplete' };

export const targetContextMachine = setup({
  types: { events: {} as TargetContextEvent },
}).createMachine({
  id: 'targetContext',
  initial: 'Offloaded',
  states: {
    /** The target owns the object's state and processes it. */
    Offloaded: { on: { MiniportTerminateOffload: 'Terminating' } },
    /** The terminate has taken it: the target only hands its state and data back. */
    Terminating: { on: { NdisMTerminateOffloadComplete: 'Freed' } },
    /** The context area is given back (its slot is used again). */
    Freed: {},
  },
});

const TARGET_CONTEXT_STATES = ['Offloaded', 'Terminating', 'Freed'] as const;
export type TargetContextState = (typeof TARGET_CONTEXT_STATES)[number];

const table = compileMachine(targetContextMachine, TARGET_CONTEXT_STATES);

/** The context area's next state, or undefined when the event does not move it. */
export function nextTargetContextState(state: TargetContextState, event: TargetContextEvent): TargetContextState | undefined {
  return nextState(table, state, event);
}

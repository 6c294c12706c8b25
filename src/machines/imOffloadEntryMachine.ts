/**
 * The life of an intermediate driver's offload entry (reference §7.2, §9): made when a new object
 * crosses its MiniportInitiateOffload, Offloaded once the layer below completed the initiate with
 * success (freed on failure), Terminating once the layer above terminates it, and freed when the
 * terminate's completion goes up (Derived: the reference says "for the duration of the offload").
 * The pass-through driver moves each entry along this graph.
 */
import { setup } from 'xstate';
import { offloadSucceeded } from '../ndis/NDIS_STATUS.js';
import type { NDIS_STATUS } from '../ndis/NDIS_STATUS.js';
import { compileMachine } from './compileMachine.js';
import { nextState } from './nextState.js';
import { stateDiagram } from './stateDiagram.js';

export type ImOffloadEntryEvent =
  | { type: 'ProtocolInitiateOffloadComplete'; Status: NDIS_STATUS }
  | { type: 'MiniportTerminateOffload' }
  | { type: 'ProtocolTerminateOffloadComplete' };

export const imOffloadEntryMachine = setup({
  types: { events: {} as ImOffloadEntryEvent },
  guards: {
    /** The node's Status in the lower completion is SUCCESS or OFFLOAD_PARTIAL_SUCCESS. */
    offloadSucceeded: ({ event }) => event.type === 'ProtocolInitiateOffloadComplete' && offloadSucceeded(event.Status),
  },
}).createMachine({
  id: 'imOffloadEntry',
  initial: 'Offloading',
  states: {
    /** Made for a new object in MiniportInitiateOffload; the initiate is on its way down. */
    Offloading: { on: { ProtocolInitiateOffloadComplete: [{ guard: 'offloadSucceeded', target: 'Offloaded' }, { target: 'Freed' }] } },
    /** The object is offloaded below; its upper handle is used for every indication going up. */
    Offloaded: { on: { MiniportTerminateOffload: 'Terminating' } },
    /** The terminate is on its way down; indications may still come up. */
    Terminating: { on: { ProtocolTerminateOffloadComplete: 'Freed' } },
    /** The entry is gone. */
    Freed: {},
  },
});

const IM_OFFLOAD_ENTRY_STATES = ['Offloading', 'Offloaded', 'Terminating', 'Freed'] as const;
export type ImOffloadEntryState = (typeof IM_OFFLOAD_ENTRY_STATES)[number];

const table = compileMachine(imOffloadEntryMachine, IM_OFFLOAD_ENTRY_STATES);

/** The entry's next state, or undefined when the event does not move it. */
export function nextImOffloadEntryState(state: ImOffloadEntryState, event: ImOffloadEntryEvent): ImOffloadEntryState | undefined {
  return nextState(table, state, event);
}

/** Mermaid `stateDiagram-v2` text of the graph, drawn from the machine. */
export function imOffloadEntryDiagram(): string {
  return stateDiagram(table, 'Offloading');
}

/**
 * The host's view of the offload target as an adapter (reference §6.10): `OffloadEnabled`, or
 * `OffloadPaused` after NDIS_STATUS_OFFLOAD_PAUSE or NDIS_STATUS_UPLOAD_ALL until
 * NDIS_STATUS_OFFLOAD_RESUME. Events are the status codes of NdisMIndicateStatusEx as they reach the
 * host's ProtocolStatusEx. Compiled to a table like the offload region; the host's ProtocolStatusEx
 * handler follows it and does what each transition means.
 */
import { setup } from 'xstate';
import { compileMachine } from './compileMachine.js';
import { nextState } from './nextState.js';
import { stateDiagram } from './stateDiagram.js';

export type AdapterStateEvent =
  | { type: 'NDIS_STATUS_OFFLOAD_PAUSE' }
  | { type: 'NDIS_STATUS_UPLOAD_ALL' }
  | { type: 'NDIS_STATUS_OFFLOAD_RESUME' };

export const adapterStateMachine = setup({ types: { events: {} as AdapterStateEvent } }).createMachine({
  id: 'adapter',
  initial: 'OffloadEnabled',
  states: {
    /** The host may offload to the target. */
    OffloadEnabled: { on: { NDIS_STATUS_OFFLOAD_PAUSE: 'OffloadPaused', NDIS_STATUS_UPLOAD_ALL: 'OffloadPaused' } },
    /** No new offloads until NDIS_STATUS_OFFLOAD_RESUME; an UPLOAD_ALL uploads everything again. */
    OffloadPaused: { on: { NDIS_STATUS_OFFLOAD_RESUME: 'OffloadEnabled', NDIS_STATUS_UPLOAD_ALL: 'OffloadPaused' } },
  },
});

/** The adapter states, by the value the host keeps (0 = OffloadEnabled, 1 = OffloadPaused). */
export const ADAPTER_STATE_NAMES = ['OffloadEnabled', 'OffloadPaused'] as const;
export type AdapterStateName = (typeof ADAPTER_STATE_NAMES)[number];

const table = compileMachine(adapterStateMachine, ADAPTER_STATE_NAMES);

/** The next adapter state for a status indication, or undefined when the machine has no transition for it. */
export function nextAdapterState(state: AdapterStateName, event: AdapterStateEvent): AdapterStateName | undefined {
  return nextState(table, state, event);
}

/** Mermaid `stateDiagram-v2` text of the adapter graph, drawn from the machine. */
export function adapterStateDiagram(): string {
  return stateDiagram(table, 'OffloadEnabled');
}

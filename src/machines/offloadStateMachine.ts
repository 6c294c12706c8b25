/**
 * The TCP_CONNECTION_OFFLOAD_STATE graph (reference §2.1) as its own small xstate machine:
 * InHost -> Offloading -> Offloaded -> Uploading -> InHost, and Offloading -> InHost when the TCP
 * block's Status is a failure. Events are the host-side NDIS calls that drive it. Used to run every
 * TCB's offload region (compiled to a table) and to draw the diagram.
 */
import { setup } from 'xstate';
import { NDIS_STATUS } from '../ndis/NDIS_STATUS.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { compileMachine } from './compileMachine.js';
import { nextState } from './nextState.js';
import { stateDiagram } from './stateDiagram.js';

export type OffloadStateEvent =
  | { type: 'NdisInitiateOffload' }
  | { type: 'ProtocolInitiateOffloadComplete'; Status: NDIS_STATUS }
  | { type: 'NdisTerminateOffload' }
  | { type: 'ProtocolTerminateOffloadComplete'; Status: NDIS_STATUS };

export const offloadStateMachine = setup({
  types: { events: {} as OffloadStateEvent },
  guards: {
    /** The TCP block's Status is NDIS_STATUS_SUCCESS (a TCP block has no dependents). */
    tcpBlockSucceeded: ({ event }) =>
      event.type === 'ProtocolInitiateOffloadComplete' && event.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS,
  },
}).createMachine({
  id: 'TCP_CONNECTION_OFFLOAD_STATE',
  initial: 'InHost',
  states: {
    InHost: { on: { NdisInitiateOffload: 'Offloading' } },
    Offloading: {
      on: { ProtocolInitiateOffloadComplete: [{ guard: 'tcpBlockSucceeded', target: 'Offloaded' }, { target: 'InHost' }] },
    },
    Offloaded: { on: { NdisTerminateOffload: 'Uploading' } },
    Uploading: { on: { ProtocolTerminateOffloadComplete: 'InHost' } },
  },
});

const table = compileMachine(offloadStateMachine);

/** State names of the machine, by TCP_CONNECTION_OFFLOAD_STATE value. */
export const OFFLOAD_STATE_NAMES = ['InHost', 'Offloading', 'Offloaded', 'Uploading'] as const;
const VALUE_OF: Record<string, number> = {
  InHost: S.TcpConnectionOffloadStateInHost,
  Offloading: S.TcpConnectionOffloadStateOffloading,
  Offloaded: S.TcpConnectionOffloadStateOffloaded,
  Uploading: S.TcpConnectionOffloadStateUploading,
};

/** The event types the machine knows. */
export const OFFLOAD_STATE_EVENT_TYPES: readonly OffloadStateEvent['type'][] = [
  'NdisInitiateOffload',
  'ProtocolInitiateOffloadComplete',
  'NdisTerminateOffload',
  'ProtocolTerminateOffloadComplete',
];

/**
 * The next TCP_CONNECTION_OFFLOAD_STATE for an event, or undefined when the event is illegal in that
 * state (including any event in TcpConnectionOffloadStateMax or another non-state value).
 */
export function nextOffloadState(state: number, event: OffloadStateEvent): number | undefined {
  const name = OFFLOAD_STATE_NAMES[state];
  if (name === undefined) return undefined;
  const target = nextState(table, name, event);
  return target === undefined ? undefined : VALUE_OF[target];
}

/** EDGES[from][to]: the graph has an edge from -> to (read off the machine once). */
const EDGES: readonly (readonly boolean[])[] = OFFLOAD_STATE_NAMES.map((from) =>
  OFFLOAD_STATE_NAMES.map((to) => [...(table.transitions.get(from)?.values() ?? [])].some((cs) => cs.some((c) => c.target === to))),
);

/** True when the graph has an edge from -> to (used to judge state changes a layer reports). */
export function isOffloadTransition(from: number, to: number): boolean {
  return EDGES[from]?.[to] === true;
}

/** Mermaid `stateDiagram-v2` text of the graph, drawn from the machine. */
export function offloadStateDiagram(): string {
  return stateDiagram(table, 'InHost');
}

/**
 * An intermediate driver written as an xstate machine: its graph is whether the adapter below is paused
 * (NDIS_STATUS_OFFLOAD_PAUSE / _RESUME going up), and every call is relayed by the reference
 * pass-through handler, whose state is the machine's context. Export the machine itself; chimney wraps
 * it with fromMachine.
 *
 *   chimney check --driver examples/drivers/pause-aware-im.ts
 *   chimney states   # the graphs chimney runs; your machine is yours to draw with stateDiagram
 *
 * Outside this repository, import from 'chimney-sim' instead of '../../src/index.js'.
 */
import { setup } from 'xstate';
import {
  INTERMEDIATE_DRIVER_HANDLERS, NDIS_STATUS, passThroughIntermediateDriver,
  type IntermediateDriverParams, type NdisLibrary, type PassThroughState,
} from '../../src/index.js';

type Call = { type: (typeof INTERMEDIATE_DRIVER_HANDLERS)[number]; ndis: NdisLibrary; StatusIndication?: { StatusCode: number } };

export default setup({
  types: { context: {} as PassThroughState, events: {} as Call, input: {} as IntermediateDriverParams },
  actions: {
    relay: ({ context, event }) => {
      const handler = passThroughIntermediateDriver[event.type] as (s: PassThroughState, args: unknown, ndis: NdisLibrary) => unknown;
      return handler(context, event, event.ndis);
    },
  },
  guards: {
    pauses: ({ event }) => event.StatusIndication?.StatusCode === NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE,
    resumes: ({ event }) => event.StatusIndication?.StatusCode === NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME,
  },
}).createMachine({
  id: 'pause-aware-im',
  context: ({ input }) => passThroughIntermediateDriver.init(input),
  initial: 'running',
  on: Object.fromEntries(INTERMEDIATE_DRIVER_HANDLERS.map((h) => [h, { actions: 'relay' }])),
  states: {
    running: { on: { ProtocolStatusEx: [{ guard: 'pauses', target: 'paused', actions: 'relay' }, { actions: 'relay' }] } },
    paused: { on: { ProtocolStatusEx: [{ guard: 'resumes', target: 'running', actions: 'relay' }, { actions: 'relay' }] } },
  },
});

/** chimney-sim's public API: named re-exports only. */
export { createSimulation, type SimulationOptions } from './system/createSimulation.js';
export { Simulation, type ConnectionView, type SendHoldings, type ReceiveHoldings } from './system/Simulation.js';
export { checkNoByteLost, checkSendHoldings, checkReceiveHoldings, type ByteLedgerProblem } from './invariants/noByteLost.js';
export type { ConnectionSpec } from './layers/hostStack/hostCommands.js';
export type { HostPolicy } from './layers/hostStack/HostContext.js';
export type { TargetCapacity } from './drivers/OffloadTarget.js';
export { offloadStateMachine, nextOffloadState, offloadStateDiagram } from './machines/offloadStateMachine.js';
export { tcpStateMachine, nextTcpState } from './machines/tcpStateMachine.js';
export { fifoPolicy, seededRandomPolicy, explicitChoicePolicy, type SchedulingPolicy } from './scheduler/policies.js';
export type { PendingItem } from './scheduler/PendingItem.js';
export type { TraceEvent, CallEvent, PendEvent, StateChangeEvent, DecisionEvent, CommandEvent, ViolationEvent } from './trace/TraceEvent.js';
export { RULEBOOK, ruleById } from './rules/rules.js';
export type { Rule } from './rules/Rule.js';
export { narrate, narrateAll } from './render/narrate.js';
export { decodeArgs } from './trace/decodeArgs.js';
export { traceToJsonLines, traceEventToJson } from './trace/toJson.js';
export { runDemoTour, type DemoOptions } from './demo/runDemoTour.js';
export {
  parseScenario, printScenario, runScenario, ScenarioInputError, formatProblem, scenarioJsonSchema, goldenPathFor, compareGolden,
  goldenText, findScenarioFiles, type ParsedScenario, type ScenarioRun, type ExpectationOutcome, type Scenario, type Step,
  type Expectation, type ScenarioProblem,
} from './scenario/index.js';
export * from './ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
export * from './ndis/TCP_OFFLOAD_EVENT_TYPE.js';
export * from './ndis/TCP_UPLOAD_REASON.js';
export * from './ndis/TCPSTATE.js';
export * from './ndis/OFFLOAD_STATE_TYPE.js';
export * from './ndis/NDIS_STATUS.js';
export * from './ndis/flags.js';
export * from './ndis/win32Error.js';
export * from './table/index.js';

/**
 * chimney-sim's public API: named re-exports only. What a driver developer needs is here: the driver
 * contract and its types, the NDIS library, the block-list, NBL and handle types, the reference drivers
 * to copy from, the fault catalogue, and the simulation that runs them.
 */

// ---- the simulation ----
export { createSimulation, simulationEnvironment, type SimulationOptions } from './system/createSimulation.js';
export { Simulation, restoreSimulation, type PendingView, type ConnectionView, type PeerView, type SendHoldings, type ReceiveHoldings } from './system/Simulation.js';
export type { SimulationState } from './system/SimulationState.js';
export type { SimulationEnvironment } from './system/assemble.js';
export { FAULTS, FAULT_NAMES, type FaultName, type FaultVariant } from './system/faults.js';
export type { ConnectionSpec } from './layers/host/addConnection.js';
export type { HostPolicy } from './layers/host/decisions/HostPolicy.js';
export { checkNoByteLost, checkSendHoldings, checkReceiveHoldings, type ByteLedgerProblem } from './invariants/noByteLost.js';
/** The named invariants `chimney check` / `chimney explore` hold a driver to; a user's own, as a function of the snapshot. */
export {
  INVARIANTS, INVARIANT_NAMES, LIVENESS_BOUND_US, checkInvariants, fromUserInvariant, selectInvariants, UserInvariantError, type Invariant,
  type InvariantBreak, type UserInvariant,
} from './check/invariants/index.js';
export { fifoPolicy, seededRandomPolicy, explicitChoicePolicy, type SchedulingPolicy } from './scheduler/policies.js';
export type { PendingItem } from './scheduler/PendingItem.js';

// ---- the driver contract ----
export {
  INTERMEDIATE_DRIVER_HANDLERS, type IntermediateDriver, type IntermediateDriverParams, type AnyIntermediateDriver,
} from './drivers/IntermediateDriver.js';
export {
  OFFLOAD_TARGET_HANDLERS, TARGET_MINIPORT_HANDLERS, TARGET_NIC_HANDLERS, type OffloadTarget, type OffloadTargetParams, type AnyOffloadTarget,
  type TargetCapacity, type NicServices, type NicHandlerArgs, type NicHandler, type TargetHandler, type TargetNicEvent,
} from './drivers/OffloadTarget.js';
export type { NdisHandlerFunction } from './drivers/handlers.js';
export { DriverShapeError } from './drivers/DriverShapeError.js';
export { fromMachine, type MachineDriver, type MachineDriverState } from './drivers/fromMachine.js';
export { passThroughIntermediateDriver, type PassThroughState, type ImOffloadEntry, type ImCallEntry } from './drivers/reference/passThroughIntermediateDriver.js';
export { referenceOffloadTarget, TargetFlags, type TargetState, type TargetObject, type TargetReceive } from './drivers/reference/referenceOffloadTarget.js';
export { imRelaysWithOwnHandle } from './drivers/faults/imRelaysWithOwnHandle.js';
export { targetDropsSendChainOnUpload } from './drivers/faults/targetDropsSendChainOnUpload.js';
export { targetDropsBufferedDataOnUpload } from './drivers/faults/targetDropsBufferedDataOnUpload.js';

// ---- NDIS: the library a driver calls, and the values it passes ----
export type { NdisLibrary } from './ndis/NdisLibrary.js';
export type {
  HandlerArgs, HandlerName, HandlerReturn, MiniportHandlerArgs, MiniportHandlerName, ProtocolHandlerArgs, ProtocolHandlerName, NdisBindingHandle,
  NdisMiniportHandle, NDIS_STATUS_INDICATION, ReceiveIndicateResult, Frame, ReturnedCall, OffloadOperation,
} from './ndis/calls.js';
export {
  createProtocolBlockList, createMiniportBlockList, withDependents, linkSiblings, forEachBlock, blocksOf, type NDIS_OBJECT_HEADER,
  type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, type AnyOffloadBlockList,
} from './ndis/blockList.js';
export { createNetBufferList, chainNetBufferLists, netBufferListsOf, nblEnd, nblFilled, nblText, type NET_BUFFER_LIST, type Reserved } from './ndis/NET_BUFFER_LIST.js';
export { handleKey, type NDIS_OFFLOAD_HANDLE, type OffloadContext, type PVOID_POINTER } from './ndis/NDIS_OFFLOAD_HANDLE.js';
export type {
  NEIGHBOR_OFFLOAD_STATE_CONST, NEIGHBOR_OFFLOAD_STATE_CACHED, NEIGHBOR_OFFLOAD_STATE_DELEGATED, PATH_OFFLOAD_STATE_CONST, PATH_OFFLOAD_STATE_CACHED,
  PATH_OFFLOAD_STATE_DELEGATED, TCP_OFFLOAD_STATE_CONST, TCP_OFFLOAD_STATE_CACHED, TCP_OFFLOAD_STATE_DELEGATED, OffloadStateStructures,
} from './ndis/stateStructures.js';

// ---- the vocabulary: enums by their WDK names ----
export { TCP_CONNECTION_OFFLOAD_STATE, OFFLOAD_STATE_DESCRIPTION, offloadStateShortName } from './ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
export { TCP_OFFLOAD_EVENT_TYPE } from './ndis/TCP_OFFLOAD_EVENT_TYPE.js';
export { TCP_UPLOAD_REASON, UPLOAD_REASON_OBLIGATION, isMandatoryUploadReason } from './ndis/TCP_UPLOAD_REASON.js';
export { TCPSTATE, TCP_OFFLOAD_CONNECTION_STATE, MIB_TCP_STATE, MIB_TCP_STATE_TEXT, mibTcpStateOf, tcpStateOfMib, tcpStateShortName, isOffloadableTcpState } from './ndis/TCPSTATE.js';
export { OFFLOAD_STATE_TYPE, INDICATE_OFFLOAD_EVENT, NDIS_CHIMNEY_OFFLOAD_TYPE, offloadLayerOf, type OffloadLayer } from './ndis/OFFLOAD_STATE_TYPE.js';
export { NDIS_STATUS, INITIATE_FAILURE_STATUSES, isOffloadStatusIndication, offloadSucceeded } from './ndis/NDIS_STATUS.js';
export {
  TCP_DISCONNECT_GRACEFUL_CLOSE, TCP_DISCONNECT_ABORTIVE_CLOSE, TCP_FLAG_TIMESTAMP_ENABLED, TCP_FLAG_SACK_ENABLED, TCP_FLAG_WINDOW_SCALING_ENABLED,
  TCP_FLAG_KEEP_ALIVE_ENABLED, TCP_FLAG_NAGLING_ENABLED, TCP_FLAG_KEEP_ALIVE_RESTART, TCP_FLAG_MAX_RT_RESTART, TCP_FLAG_UPDATE_RCV_WND, TIMER_NOT_RUNNING,
  BACKLOG_SIZE_UNSUPPORTED,
} from './ndis/flags.js';
export { NO_ERROR, ERROR_NOT_SUPPORTED, ERROR_INVALID_PARAMETER, ERROR_INSUFFICIENT_BUFFER, WIN32_ERROR_NAMES } from './ndis/win32Error.js';
export { segmentText, type Segment } from './wire/Segment.js';
export { fourTupleText, type FourTuple } from './wire/FourTuple.js';

// ---- machines ----
export { offloadStateMachine, nextOffloadState, offloadStateDiagram } from './machines/offloadStateMachine.js';
export { tcpStateMachine, nextTcpState } from './machines/tcpStateMachine.js';
/** Every machine by its `chimney states --machine` name; draw one with `stateDiagram(compileMachine(m.machine), m.drawFrom)`. */
export { MACHINES, MACHINE_NAMES, findMachine, type RegisteredMachine } from './machines/machineRegistry.js';
export { compileMachine } from './machines/compileMachine.js';
export { stateDiagram } from './machines/stateDiagram.js';

// ---- the rulebook and the trace ----
export { RULEBOOK, ruleById } from './rules/rules.js';
export { defineRule, type AnyRule, type Rule } from './rules/Rule.js';
export type { CrossingOf } from './rules/Crossing.js';
export type { TraceEvent, CallEvent, PendEvent, StateChangeEvent, DecisionEvent, CommandEvent, ViolationEvent } from './trace/TraceEvent.js';
export { narrate, narrateAll } from './render/narrate.js';
/** A run as Mermaid sequence diagrams (numbered parts under Mermaid's limits); text escaped for Mermaid. */
export { sequenceDiagram, MERMAID_MAX_TEXT_SIZE, MERMAID_MAX_EDGES, type SequenceDiagramOptions } from './render/mermaid/sequenceDiagram.js';
export { mermaidText } from './render/mermaid/mermaidText.js';
/** A machine as a Mermaid state diagram from its compiled table, with what a run visited (read from its trace) highlighted. */
export { machineDiagram, type MachineDiagramOptions } from './render/mermaid/machineDiagram.js';
export { machineVisits, transitionKey, VISITABLE_MACHINES, type MachineVisits } from './render/mermaid/machineVisits.js';
export { Narrator, narrationLegend } from './render/Narrator.js';
/** ANSI colour for narration lines, and the terminal / NO_COLOR test that decides whether to use it. */
export { colorize, shouldUseColor, type ColorChoice } from './render/colorize.js';
/** Control characters from files and arguments shown as escapes (`\x1b`), so they cannot act on a terminal. */
export { visibleText, visibleStyledText } from './render/visibleText.js';
export { decodeArgs } from './trace/decodeArgs.js';
export { traceToJsonLines, traceEventToJson } from './trace/toJson.js';
/** The wire as a pcapng capture (Wireshark), made from the trace: real IPv4/IPv6 + TCP headers, virtual time, a comment per packet. */
export { pcapngOf, pcapngOfTrace, type CapturedConnection } from './render/pcapng/pcapngOf.js';
export { parseSegmentText, type SegmentFields } from './wire/parseSegmentText.js';

// ---- scenarios (LIMITS: the most a scenario file may hold), the demo, the table ----
export { runDemoTour, type DemoOptions } from './demo/runDemoTour.js';
export {
  parseScenario, printScenario, runScenario, ScenarioInputError, formatProblem, scenarioJsonSchema, goldenPathFor, compareGolden,
  goldenText, findScenarioFiles, LIMITS, type ParsedScenario, type ScenarioRun, type ExpectationOutcome, type Scenario, type Step,
  type Expectation, type ScenarioProblem, type GoldenComparison,
} from './scenario/index.js';
export {
  GetTcpTable2, GetTcp6Table2, readTcpTable2, readTcp6Table2, tcpTable2Size, tcp6Table2Size, MIB_TCPTABLE2_HEADER_SIZE, formatTcpTable2,
  toMibTcpRow2, encodeMibTcpRow2, decodeMibTcpRow2, MIB_TCPROW2_SIZE, MIB_TCPROW2_OFFSET, toMibTcp6Row2, encodeMibTcp6Row2, decodeMibTcp6Row2,
  MIB_TCP6ROW2_SIZE, MIB_TCP6ROW2_OFFSET, compareMibTcpRow2, compareMibTcp6Row2, htonl, htons, ntohl, ntohs, inet_addr, inet_ntoa,
  parseAddress, parseIpv4Address, parseIpv6Address, isIpv4AddressText, IPV4_ADDRESS_BYTES, IPV6_ADDRESS_BYTES, addressFamilyOf,
  type TcpTableEntry, type AddressFamily, type MIB_TCPROW2, type MIB_TCP6ROW2, type SizePointer,
  formatTcp6Table2, fetchTcpTable, tcpRow2Json, tcp6Row2Json, type GetTcpTableFunction, type TcpTableRowJson,
} from './table/index.js';

// ---- the HTML report: chimney report ----
/** A scenario as one self-contained HTML page: the stepper, what if, why not, predict-then-step, the sequence diagram. */
export { buildReport, type Report, type ReportOptions } from './report/buildReport.js';
export type { ReportData, Frame as ReportFrame, Fork as ReportFork, LayerRow, WhyNot, Prediction } from './report/ReportData.js';

// ---- checking your driver: chimney check ----
export { checkDriver, CHECK_DEFAULTS, type CheckResult } from './check/engine/checkDriver.js';
export type { CheckOptions } from './check/engine/CheckOptions.js';
export type { Counterexample } from './check/engine/counterexample.js';
export { writeCounterexample, type WrittenCounterexample } from './check/engine/writeCounterexample.js';
export { printStep } from './check/engine/printStep.js';
export { loadDriverModule, checkModuleFile, DriverModuleError, type DriverRole, type LoadedDriver } from './check/loadDriverModule.js';
export { scenarioDrivers } from './check/scenarioDrivers.js';
export { writeHangScenario } from './check/engine/writeHangScenario.js';
export { watchWorkers, type WorkerOutcome, type WatchOptions } from './check/worker/watchWorkers.js';
export type { CheckRequest, ExploreRequest, WorkerJob, DriverFiles } from './check/worker/WorkerJob.js';
export { expectDriverToHold, DriverCheckFailed } from './check/expectDriverToHold.js';

// ---- exploring every order: chimney explore ----
export { explore, EXPLORE_DEFAULTS } from './check/explore/explore.js';
export { STRATEGIES, type ExploreOptions, type ExploreReport, type ExploreCoverage, type ExploreProgress, type Strategy, type StoppedBy } from './check/explore/ExploreOptions.js';
export { exploreWithWorkers, type ExploreOutcome } from './check/explore/exploreWithWorkers.js';
export { mergeReports } from './check/explore/mergeReports.js';
export { ACTION_KINDS } from './check/explore/alphabet.js';

// ---- what the scenarios exercised: chimney coverage ----
export { allMachineTransitions, machineTransitions, pairOf, reachableStates, type MachineTransition } from './coverage/machineTransitions.js';
export { measureCoverage, unvisitedTransitions, type CoverageReport, type MachineCoverage, type TransitionCoverage, type RuleCoverage, type MeasuredRun } from './coverage/measureCoverage.js';
export { formatCoverage } from './coverage/formatCoverage.js';
export { markedStateDiagram, NEVER_TAKEN } from './coverage/markedStateDiagram.js';
export { searchGaps, GAP_SEARCH_DEFAULTS, type GapSearchOptions, type GapSearchResult } from './coverage/searchGaps.js';
export { gapScenario, gapScenarioText, gapFileName, replayGap, writeGapScenario } from './coverage/gapScenario.js';

/** The rule monitor at its former path (src/system imports it from here); the monitor, its state and its ledgers are in monitor/. */
export type { Ghost, GhostTable, HandleRef } from './monitor/GhostLedger.js';
export { RuleMonitor } from './monitor/RuleMonitor.js';
export { createRuleMonitorState, type RuleMonitorState } from './monitor/RuleMonitorState.js';

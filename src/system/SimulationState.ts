/**
 * The whole simulation state, as one plain-data value: every layer's state, the peer, NDIS's
 * bookkeeping, the scheduler's pending items (and its random generator), the virtual clock, the rule
 * monitor and the trace numbering. Nothing in it is a function or a reference across layers, so it can
 * be snapshot (JSON- and structured-clone-safe), fingerprinted and restored. Functions — the drivers'
 * code, the trace sink, the scheduling policy — are the environment's (SimulationEnvironment).
 */
import type { RemotePeerState } from '../layers/peer/remotePeer.js';
import type { RuleMonitorState } from '../rules/RuleMonitor.js';
import type { SchedulerState } from '../scheduler/Scheduler.js';
import type { ClockState } from '../scheduler/SimulatedClock.js';
import type { TraceState } from '../trace/Trace.js';
import type { ViolationEvent } from '../trace/TraceEvent.js';
import type { NdisState } from './ndis/Ndis.js';
import type { WireLossState } from '../wire/WireLoss.js';

export interface SimulationState {
  /** What this value is: a chimney-sim simulation state, in this format. */
  readonly format: 'chimney-sim/state/1';
  /** The layers' names, top to bottom: `host`, `IM1` ..., `target` (a restore checks them against its environment). */
  readonly names: readonly string[];
  /** Each layer's state, in binding order: the host stack's, each intermediate driver's, the target's. */
  readonly layers: unknown[];
  readonly peer: RemotePeerState;
  readonly ndis: NdisState;
  readonly scheduler: SchedulerState;
  readonly clock: ClockState;
  readonly rules: { monitor: RuleMonitorState; stoppedBy: ViolationEvent | null };
  readonly trace: TraceState;
  /** A wire that misbehaves (drops, duplicates, reorders); absent for one that loses nothing. */
  wire?: WireLossState;
}

/**
 * Builds a simulation: the host stack, the intermediate drivers (the reference pass-through driver, or
 * your own) and the offload target (the reference one, or your own), bound through NDIS in that order,
 * with one scheduler, one clock, one trace and the rulebook. Drivers are checked here: one of the wrong
 * shape is refused with a DriverShapeError, never later.
 */
import type { CoverageRecorder } from '../rules/CoverageRecorder.js';
import type { MachineDriver } from '../drivers/fromMachine.js';
import type { AnyIntermediateDriver } from '../drivers/IntermediateDriver.js';
import type { AnyOffloadTarget, TargetCapacity } from '../drivers/OffloadTarget.js';
import { passThroughIntermediateDriver } from '../drivers/reference/passThroughIntermediateDriver.js';
import { referenceOffloadTarget } from '../drivers/reference/referenceOffloadTarget.js';
import { initDriver, resolveIntermediateDriver, resolveOffloadTarget } from '../drivers/resolveDriver.js';
import type { HostPolicy } from '../layers/host/decisions/HostPolicy.js';
import { createHostState } from '../layers/host/HostState.js';
import type { HostStackHandlers } from '../layers/host/HostStackHandlers.js';
import { referenceHostStack } from '../layers/host/referenceHostStack.js';
import { PEER_MAX_RETRANSMISSIONS } from '../layers/peer/peerRetransmit.js';
import { createRemotePeerState } from '../layers/peer/remotePeer.js';
import type { OnViolation } from '../rules/Rulebook.js';
import { createRuleMonitorState } from '../rules/RuleMonitor.js';
import { fifoPolicy, seededRandomPolicy, type SchedulingPolicy } from '../scheduler/policies.js';
import { createSchedulerState } from '../scheduler/Scheduler.js';
import type { SimulationEnvironment } from './assemble.js';
import { FAULTS, type FaultName } from './faults.js';
import { createNdisState } from './ndis/Ndis.js';
import { Simulation } from './Simulation.js';
import { DEFAULT_TCP_TIMERS, type TcpTimerParameters } from '../ndis/TcpTimerParameters.js';
import { createWireLossState, type WireLossRates } from '../wire/WireLoss.js';
import type { SimulationState } from './SimulationState.js';

export interface SimulationOptions {
  /**
   * The intermediate drivers between host and target: a number of reference pass-through drivers
   * (default 1), or the drivers themselves, top to bottom (`[myIm, passThroughIntermediateDriver]`).
   */
  intermediateDrivers?: number | readonly (AnyIntermediateDriver | MachineDriver)[];
  /** The offload target (default: the reference target), a handler table or fromMachine(machine). */
  target?: AnyOffloadTarget | MachineDriver;
  /** Deliberate faults from the catalogue, by name (each replaces the host, every IM, or the target with its variant). */
  faults?: readonly FaultName[];
  /** Scheduling: 'fifo' (default), 'random' (seeded by `seed`), or a policy object. */
  scheduling?: 'fifo' | 'random' | SchedulingPolicy;
  /** Seed of the simulation's random generator (default 1). */
  seed?: number;
  /** Record the trace (default true). Violations are always recorded. */
  trace?: boolean;
  /** Keep running after a rule violation (default) or stop at the first one. */
  onViolation?: OnViolation;
  /** Target capacity per layer (default 65,536 each). */
  capacity?: Partial<TargetCapacity>;
  /** Host stack policy (optional Retrieve reasons, releasing paths and neighbors, HRD answers, receive buffer). */
  hostPolicy?: Partial<HostPolicy>;
  /** Told which rules were asked, what crossed and which states changed (chimney explore's coverage). */
  coverage?: CoverageRecorder;
  /**
   * A wire that misbehaves: seeded random rates of drop, duplicate and reorder (each 0-1; `{}` for a wire
   * that only scripted faults disturb). Given, it also arms the TCP retransmit timers (TcpTimerParameters).
   */
  wire?: Partial<WireLossRates>;
  /** The TCP timers' numbers, for the host's own TCP and the target (default: DEFAULT_TCP_TIMERS, retransmit on with `wire`). */
  tcpTimers?: Partial<TcpTimerParameters>;
}

export function createSimulation(options: SimulationOptions = {}): Simulation {
  const env = simulationEnvironment(options);
  return new Simulation(initialState(env, options), env);
}

/**
 * What a simulation with these options runs with besides its state: the drivers (checked and
 * completed), the policy, what it records. `restoreSimulation(snapshot, simulationEnvironment(options))`
 * continues a saved snapshot in a new process.
 */
export function simulationEnvironment(options: SimulationOptions = {}): SimulationEnvironment {
  const drivers = options.intermediateDrivers ?? 1;
  if (typeof drivers === 'number' && (!Number.isInteger(drivers) || drivers < 0)) {
    throw new RangeError(`intermediateDrivers must be a whole number ≥ 0, got ${drivers}`);
  }
  const faults = options.faults ?? [];
  for (const f of faults) if (!(f in FAULTS)) throw new RangeError(`unknown fault '${f}'; expected one of ${Object.keys(FAULTS).join(', ')}`);
  const variant = <K extends 'host' | 'intermediateDriver' | 'target'>(key: K) => {
    for (const f of faults) {
      const v = FAULTS[f] as Partial<Record<K, unknown>>;
      if (v[key]) return v[key];
    }
    return undefined;
  };
  const faultyIm = variant('intermediateDriver') as AnyIntermediateDriver | undefined;
  const ims: readonly (AnyIntermediateDriver | MachineDriver)[] =
    typeof drivers === 'number'
      ? Array.from({ length: drivers }, () => faultyIm ?? passThroughIntermediateDriver)
      : drivers.map((d) => faultyIm ?? d);
  const names = ['host', ...ims.map((_, i) => `IM${i + 1}`), 'target'];
  const seed = options.seed ?? 1;
  return {
    names,
    host: (variant('host') as HostStackHandlers | undefined) ?? referenceHostStack,
    intermediateDrivers: ims.map((d, i) => resolveIntermediateDriver(d, driverLabel(`intermediate driver ${i + 1}`, d))),
    target: resolveTarget((variant('target') as AnyOffloadTarget | undefined) ?? options.target ?? referenceOffloadTarget),
    policy: options.scheduling === 'random' ? seededRandomPolicy(seed) : typeof options.scheduling === 'object' ? options.scheduling : fifoPolicy(),
    trace: options.trace ?? true,
    onViolation: options.onViolation ?? 'continue',
    seed,
    coverage: options.coverage,
  };
}

/** How messages name a driver: its place, and its name if it has one (`intermediate driver 2 (my-im)`). */
function driverLabel(place: string, driver: unknown): string {
  const name = typeof driver === 'object' && driver !== null ? (driver as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? `${place} (${name})` : place;
}

function resolveTarget(target: AnyOffloadTarget | MachineDriver) {
  return resolveOffloadTarget(target, driverLabel('offload target', target));
}

/** The state a simulation starts from: each layer's init, an empty queue, time 0. */
function initialState(env: SimulationEnvironment, options: SimulationOptions): SimulationState {
  const { names } = env;
  const last = names.length - 1;
  const binding = (layer: number) => ({ kind: 'NdisBindingHandle' as const, layer });
  const miniport = (layer: number) => ({ kind: 'NdisMiniportHandle' as const, layer });
  const tcpTimers: TcpTimerParameters = { ...DEFAULT_TCP_TIMERS, retransmit: options.wire !== undefined, ...options.tcpTimers };
  const timed = tcpTimers.retransmit || tcpTimers.ackFrequency > 1 ? { tcpTimers } : {}; // default timers: the state stays as it was
  const host = createHostState({ name: names[0]!, NdisBindingHandle: binding(0), policy: { ...timed, ...options.hostPolicy } });
  const layers: unknown[] = [
    host,
    ...env.intermediateDrivers.map((d, k) =>
      initDriver(d.init, { name: names[k + 1]!, NdisMiniportHandle: miniport(k + 1), NdisBindingHandle: binding(k + 1) }, d.label),
    ),
    initDriver(
      env.target.init,
      { name: names[last]!, NdisMiniportHandle: miniport(last), capacity: { Neighbor: 65_536, Path: 65_536, Tcp: 65_536, ...options.capacity }, tcpTimers },
      env.target.label,
    ),
  ];
  return {
    format: 'chimney-sim/state/1',
    names,
    layers,
    // The window this machine offered in the handshake (not modelled): the host's receive buffer.
    // On a wire that can lose (this machine's retransmit timers run) the peer retransmits too.
    peer: createRemotePeerState(
      host.policy.receiveWindow,
      tcpTimers.retransmit ? { initialRtoUs: tcpTimers.initialRtoUs, maxRtoUs: tcpTimers.maxRtoUs, maxRetransmissions: PEER_MAX_RETRANSMISSIONS } : undefined,
    ),
    ndis: createNdisState(names.length),
    scheduler: createSchedulerState(env.seed),
    clock: { now: 0 },
    rules: { monitor: createRuleMonitorState(), stoppedBy: null },
    trace: { seq: 0 },
    ...(options.wire !== undefined ? { wire: createWireLossState(options.wire) } : {}),
  };
}

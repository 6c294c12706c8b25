/**
 * Replays a parsed scenario: builds the topology, declares the connections, performs each step in
 * order, and judges each `expect` where it stands on the timeline. A violation of a rule the scenario
 * did not expect is a failure too. The trace is the simulation's own (compared to the golden file by
 * the caller).
 */
import type { MachineDriver } from '../drivers/fromMachine.js';
import type { AnyIntermediateDriver } from '../drivers/IntermediateDriver.js';
import type { AnyOffloadTarget } from '../drivers/OffloadTarget.js';
import { TcpStateEnum } from '../ndis/TCPSTATE.js';
import { seededRandomPolicy, type SchedulingPolicy } from '../scheduler/policies.js';
import { createSimulation } from '../system/createSimulation.js';
import type { Simulation } from '../system/Simulation.js';
import type { TraceEvent, ViolationEvent } from '../trace/TraceEvent.js';
import { checkExpectation, type AssertionResult } from './checkExpectation.js';
import { parseEndpoint } from './endpoint.js';
import type { ParsedScenario, SourcePosition } from './parseScenario.js';
import { ScenarioInputError } from './ScenarioInputError.js';
import { performStep, StepRefused, valueNamed } from './performStep.js';
import { HandlerThrew } from '../system/HandlerThrew.js';
import type { Scenario } from './schema.js';

/** One judged assertion, with the step it belongs to. */
export interface ExpectationOutcome extends AssertionResult {
  step: number;
  position: SourcePosition;
}

export interface ScenarioRun {
  sim: Simulation;
  outcomes: ExpectationOutcome[];
  /** Violations of rules no `expect: { violation }` step names. */
  unexpectedViolations: ViolationEvent[];
  /** A driver's handler threw and no `expect: { invariant: driver-returns }` says it would: what threw. */
  crash?: string;
  /** True when every expectation held, no unexpected rule was violated and no handler threw unexpectedly. */
  passed: boolean;
  /** How the run was scheduled: the scenario's own scheduling and seed, or the options' overrides. */
  scheduling: 'fifo' | 'random';
  seed: number;
  /**
   * How many times the random scheduler chose among two or more pending items (0 under FIFO). When 0,
   * the seed made no difference: the trace is the one any seed, and FIFO, would give.
   */
  choices: number;
}

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's scheduling (`random`: seeded by `seed`, or the scenario's seed). */
  scheduling?: 'fifo' | 'random';
  /** Called for every trace event as it happens (narration). */
  onEvent?: (e: TraceEvent) => void;
  /** The modules the scenario's topology names (`driver`, `target`), loaded by the caller. */
  drivers?: { intermediateDriver?: AnyIntermediateDriver | MachineDriver; target?: AnyOffloadTarget | MachineDriver };
  /** Called for every judged assertion as it happens. */
  onOutcome?: (o: ExpectationOutcome) => void;
}

export function runScenario(parsed: ParsedScenario, options: RunOptions = {}): ScenarioRun {
  const { scenario: s, stepPositions, file } = parsed;
  const t = s.topology;
  const drivers = options.drivers ?? {};
  for (const key of ['driver', 'target'] as const) {
    const loaded = key === 'driver' ? drivers.intermediateDriver : drivers.target;
    if (t[key] !== undefined && !loaded) throw new ScenarioInputError([{ file, line: 1, col: 1, message: `topology.${key} names ${t[key]}, which was not loaded (chimney run loads it)` }]);
  }
  const im = drivers.intermediateDriver;
  const seed = options.seed ?? s.seed ?? 1;
  const scheduling = options.scheduling ?? t.scheduling;
  let choices = 0;
  const random = seededRandomPolicy(seed);
  /** The seeded random policy, counting the picks that had more than one item to choose from. */
  const countingRandom: SchedulingPolicy = {
    name: random.name,
    pick: (enabled, next) => {
      if (enabled.length > 1) choices++;
      return random.pick(enabled, next);
    },
  };
  const sim = createSimulation({
    intermediateDrivers: im ? Array.from({ length: t['intermediate-drivers'] }, () => im) : t['intermediate-drivers'],
    ...(drivers.target ? { target: drivers.target } : {}),
    scheduling: scheduling === 'fifo' ? 'fifo' : countingRandom,
    seed,
    capacity: {
      ...(t.capacity?.neighbor !== undefined ? { Neighbor: t.capacity.neighbor } : {}),
      ...(t.capacity?.path !== undefined ? { Path: t.capacity.path } : {}),
      ...(t.capacity?.tcp !== undefined ? { Tcp: t.capacity.tcp } : {}),
    },
    hostPolicy: {
      optionalRetrieve: t['optional-retrieve'],
      ...(t['receive-buffer'] !== undefined ? { receiveBuffer: t['receive-buffer'] } : {}),
      ...(t['receive-window'] !== undefined ? { receiveWindow: t['receive-window'] } : {}),
      ...(t['timed-wait-delay'] !== undefined ? { timedWaitDelaySeconds: t['timed-wait-delay'] } : {}),
      ...(t['time-wait-rst'] !== undefined ? { timeWaitRst: t['time-wait-rst'] } : {}),
      ...(t['neighbor-reachable'] !== undefined ? { neighborReachable: t['neighbor-reachable'] } : {}),
      ...(t['keep-alive'] !== undefined ? { keepAlive: t['keep-alive'] } : {}),
    },
    faults: t.faults,
    // A wire that misbehaves (at random, or in a drop, duplicate or reorder step) runs the TCP retransmit timers.
    ...(wireOfScenario(s) ? { wire: wireOfScenario(s) } : {}),
    ...(t['ack-frequency'] !== undefined ? { tcpTimers: { ackFrequency: t['ack-frequency'] } } : {}),
  });
  if (options.onEvent) sim.trace.subscribe(options.onEvent);
  for (const c of s.connections) {
    const local = parseEndpoint(c.local);
    const remote = parseEndpoint(c.remote);
    sim.addConnection({
      id: c.id, localAddress: local.address, localPort: local.port, remoteAddress: remote.address, remotePort: remote.port,
      owningPid: c.pid, state: valueNamed(TcpStateEnum, `TCPSTATE_${String(c.state)}`), ...(c['next-hop'] ? { nextHop: c['next-hop'] } : {}),
    });
  }
  const outcomes: ExpectationOutcome[] = [];
  s.steps.forEach((step, i) => {
    const position = stepPositions[i] ?? { line: 1, col: 1 };
    if ('expect' in step) {
      for (const r of checkExpectation(sim, step.expect)) {
        const o = { ...r, step: i, position };
        outcomes.push(o);
        options.onOutcome?.(o);
      }
    } else {
      if (sim.crashed) return; // a handler threw: nothing more happens, only expectations are judged
      try {
        performStep(sim, step);
      } catch (e) {
        if (e instanceof StepRefused) throw new ScenarioInputError([{ file, ...position, message: e.message }]);
        if (!(e instanceof HandlerThrew)) throw e;
      }
    }
  });
  if (!sim.crashed) sim.checkQuiescence();
  const expected = new Set(s.steps.flatMap((st) => ('expect' in st && st.expect.violation ? [st.expect.violation] : [])));
  const unexpectedViolations = sim.violations.filter((v) => !expected.has(v.rule));
  const crashExpected = s.steps.some((st) => 'expect' in st && st.expect.invariant === 'driver-returns');
  const crash = sim.crashed && !crashExpected ? sim.crashed.message : undefined;
  return {
    sim, outcomes, unexpectedViolations, ...(crash ? { crash } : {}),
    passed: outcomes.every((o) => o.ok) && unexpectedViolations.length === 0 && !crash, scheduling, seed, choices,
  };
}


/** The wire a scenario runs on: its topology's rates, `{}` when only its steps drop, duplicate or reorder, undefined for a wire that loses nothing. */
export function wireOfScenario(s: Pick<Scenario, 'topology' | 'steps'>): Scenario['topology']['wire'] {
  if (s.topology.wire !== undefined) return s.topology.wire;
  return s.steps.some((step) => 'drop' in step || 'duplicate' in step || 'reorder' in step) ? {} : undefined;
}

/**
 * Replays a parsed scenario: builds the topology, declares the connections, performs each step in
 * order, and judges each `expect` where it stands on the timeline. A violation of a rule the scenario
 * did not expect is a failure too. The trace is the simulation's own (compared to the golden file by
 * the caller).
 */
import type { Enumeration } from '../ndis/enumeration.js';
import { NDIS_STATUS, NdisStatusEnum } from '../ndis/NDIS_STATUS.js';
import { TcpOffloadEventTypeEnum } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TcpUploadReasonEnum } from '../ndis/TCP_UPLOAD_REASON.js';
import { TcpStateEnum } from '../ndis/TCPSTATE.js';
import { seededRandomPolicy, type SchedulingPolicy } from '../scheduler/policies.js';
import { createSimulation } from '../system/createSimulation.js';
import type { Simulation } from '../system/Simulation.js';
import type { TraceEvent, ViolationEvent } from '../trace/TraceEvent.js';
import { checkExpectation, connectionLabels, type AssertionResult } from './checkExpectation.js';
import { parseEndpoint } from './endpoint.js';
import type { ParsedScenario, SourcePosition } from './parseScenario.js';
import { ScenarioInputError } from './ScenarioInputError.js';
import type { Step } from './schema.js';

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
  /** True when every expectation held and no unexpected rule was violated. */
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
  /** Called for every judged assertion as it happens. */
  onOutcome?: (o: ExpectationOutcome) => void;
}

const LAYER = { tcp: 'Tcp', path: 'Path', neighbor: 'Neighbor' } as const;

export function runScenario(parsed: ParsedScenario, options: RunOptions = {}): ScenarioRun {
  const { scenario: s, stepPositions, file } = parsed;
  const t = s.topology;
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
    intermediateDrivers: t['intermediate-drivers'],
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
    },
    faults: t.faults,
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
      perform(
        sim, step,
        () => new ScenarioInputError([{ file, ...position, message: noSuchPending(sim, step) }]),
        (message) => new ScenarioInputError([{ file, ...position, message }]),
      );
    }
  });
  sim.checkQuiescence();
  const expected = new Set(s.steps.flatMap((st) => ('expect' in st && st.expect.violation ? [st.expect.violation] : [])));
  const unexpectedViolations = sim.violations.filter((v) => !expected.has(v.rule));
  return {
    sim, outcomes, unexpectedViolations, passed: outcomes.every((o) => o.ok) && unexpectedViolations.length === 0, scheduling, seed, choices,
  };
}

/** The value of a name the schema accepted (a name it did not accept here is a bug in the simulator). */
function valueNamed<V extends number>(e: Enumeration<V>, name: string): V {
  const value = e.valueOf(name);
  if (value === undefined) throw new Error(`${name} is not a ${e.typeName} name`);
  return value;
}

function perform(sim: Simulation, step: Exclude<Step, { expect: unknown }>, missing: () => Error, refused: (message: string) => Error): void {
  if ('offload' in step) return sim.offload(...step.offload);
  if ('upload' in step) return sim.upload(...step.upload);
  if ('upload-all' in step) return sim.uploadAll();
  if ('indicate' in step) {
    const { connection, event, reason, bytes, info } = step.indicate;
    const EventType = typeof event === 'number' ? event : valueNamed(TcpOffloadEventTypeEnum, event);
    const why = reason === undefined ? undefined : typeof reason === 'number' ? reason : valueNamed(TcpUploadReasonEnum, reason);
    return sim.indicate(connection, EventType, why ?? bytes ?? info ?? 0);
  }
  if ('status' in step) return sim.indicateStatus(NDIS_STATUS[step.status]);
  if ('hardware-failure' in step) return sim.hardwareFailure(step['hardware-failure']);
  if ('fail-next-offload' in step) {
    const { connection, status } = step['fail-next-offload'];
    return sim.planInitiateFailure(connection, valueNamed(NdisStatusEnum, String(status)));
  }
  if ('update' in step) return sim.update(step.update.connection, step.update.cached);
  if ('invalidate' in step) return sim.invalidate(step.invalidate.connection, LAYER[step.invalidate.object]);
  if ('query' in step) return sim.query(step.query);
  if ('relink' in step) return sim.relink(step.relink.connection, step.relink['next-hop']);
  if ('send' in step) return sim.send(step.send.connection, step.send.bytes);
  if ('receive' in step) return sim.postReceive(step.receive.connection, step.receive.bytes, step.receive['no-push']);
  if ('read' in step) return sim.read(step.read.connection, step.read.bytes);
  if ('peer-send' in step) {
    const { connection, bytes, push, urgent } = step['peer-send'];
    try {
      return sim.peerSend(connection, bytes, push, urgent);
    } catch (e) {
      // The peer closed or reset the connection earlier (found only now when the reset came from this side).
      if (e instanceof RangeError) throw refused(e.message);
      throw e;
    }
  }
  if ('disconnect' in step) return sim.disconnect(step.disconnect.connection, step.disconnect.abortive);
  if ('peer-fin' in step) return sim.peerFin(step['peer-fin']);
  if ('peer-rst' in step) return sim.peerRst(step['peer-rst'].connection, step['peer-rst']['out-of-window']);
  if ('neighbor-query' in step) return sim.neighborReachabilityQuery(step['neighbor-query'].connection, step['neighbor-query'].nrd);
  if ('deliver' in step) {
    const d = step.deliver;
    if (d === 'all') sim.run(); // "eventually" rules are judged whenever everything has been delivered
    else if (d === 'next') {
      if (!sim.deliver()) throw missing();
    } else {
      const labels = d.connection === undefined ? [] : connectionLabels(sim, d.connection);
      const item = sim.pending().find((p) => p.fn === d.call && (d.connection === undefined || p.objects.some((o) => labels.includes(o))));
      if (!item) throw missing();
      sim.deliverItem(item.id);
    }
    return;
  }
  const never: never = step;
  throw new Error(`unknown step ${JSON.stringify(never)}`);
}

function noSuchPending(sim: Simulation, step: Step): string {
  const pending = sim.pending().map((p) => `#${p.id} ${p.label}`);
  const wanted = 'deliver' in step && typeof step.deliver === 'object' ? `${step.deliver.call}${step.deliver.connection ? ` about ${step.deliver.connection}` : ''}` : 'item';
  return `no pending ${wanted} can be delivered now (pending: ${pending.join('; ') || 'none'})`;
}

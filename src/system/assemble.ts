/**
 * Puts a simulation together from its state (plain data) and its environment (code): the clock, the
 * trace, the scheduler, the rulebook and NDIS around the state, and one endpoint per layer through which
 * NDIS calls the layer's handlers with the layer's own state. The same state with the same environment
 * always gives the same simulation: this is how createSimulation and restoreSimulation both build one.
 */
import type { CoverageRecorder } from '../rules/CoverageRecorder.js';
import { HandlerThrew } from './HandlerThrew.js';
import type { ResolvedIntermediateDriver, ResolvedOffloadTarget } from '../drivers/resolveDriver.js';
import type { NicServices } from '../drivers/OffloadTarget.js';
import type { NdisLibrary } from '../ndis/NdisLibrary.js';
import { netBufferListsOf } from '../ndis/NET_BUFFER_LIST.js';
import { offloadStateShortName } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { tcpStateShortName } from '../ndis/TCPSTATE.js';
import type { HostContext } from '../layers/host/HostContext.js';
import type { HostState } from '../layers/host/HostState.js';
import { tcbOf } from '../layers/host/lookup.js';
import { hostStackReceive, type HostStackEvent, type HostStackHandlers } from '../layers/host/HostStackHandlers.js';
import type { LayerReporter } from '../layers/LayerReporter.js';
import { remotePeerReceive, thisMachineSent, type RemotePeerContext, type RemotePeerEvent } from '../layers/peer/remotePeer.js';
import { Rulebook, type OnViolation } from '../rules/Rulebook.js';
import { RuleMonitor } from '../rules/RuleMonitor.js';
import { RULEBOOK } from '../rules/rules.js';
import type { PendingItem } from '../scheduler/PendingItem.js';
import type { SchedulingPolicy } from '../scheduler/policies.js';
import { Scheduler } from '../scheduler/Scheduler.js';
import { SimulatedClock } from '../scheduler/SimulatedClock.js';
import { Trace } from '../trace/Trace.js';
import { fourTupleText, type FourTuple } from '../wire/FourTuple.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason } from '../ndis/TCP_UPLOAD_REASON.js';
import type { PendingBelow } from '../rules/monitor/RuleMonitor.js';
import type { Segment } from '../wire/Segment.js';
import { Ndis, type LayerEndpoint, type LayerEvent } from './ndis/Ndis.js';
import type { SimulationState } from './SimulationState.js';
import { deliverPeerTimer, isPeerTimer, peerTimers } from './peerTimers.js';
import { Wire } from './Wire.js';

/** What a simulation runs with besides its state: the layers' code, the policy, what it records. */
export interface SimulationEnvironment {
  /** The layers' names, top to bottom. */
  readonly names: readonly string[];
  /** The host stack's handlers (the reference ones, or a fault variant). */
  readonly host: HostStackHandlers;
  /** The intermediate drivers, top to bottom, each complete (missing handlers filled from the pass-through driver). */
  readonly intermediateDrivers: readonly ResolvedIntermediateDriver[];
  /** The offload target, complete (missing handlers filled from the reference target). */
  readonly target: ResolvedOffloadTarget;
  /** Which pending item is delivered next. */
  readonly policy: SchedulingPolicy;
  /** Record the trace (violations are always recorded). */
  readonly trace: boolean;
  /** Keep running after a rule violation, or stop at the first one. */
  readonly onViolation: OnViolation;
  /** The seed the simulation was made with (its random generator's state is in the simulation state). */
  readonly seed: number;
  /** Told what the rulebook asked and saw (chimney explore's coverage); usually absent. */
  readonly coverage?: CoverageRecorder | undefined;
}

/** The parts of a running simulation. */
export interface SimulationParts {
  readonly clock: SimulatedClock;
  readonly trace: Trace;
  readonly scheduler: Scheduler;
  readonly rules: Rulebook;
  readonly ndis: Ndis;
  /** Gives the host stack a command (or NDIS a call to it); returns what the handler returned. */
  readonly host: (event: HostStackEvent) => unknown;
  /** Gives the target something the network, the NIC or a test does (ReceiveSegment, IndicateTcpEvent, ...). */
  readonly target: (event: LayerEvent) => unknown;
  /** Gives the remote peer an event. */
  readonly peer: (event: RemotePeerEvent) => void;
}

/** How a region's value is named in a stateChange trace event. */
const REGION_NAMES: Record<'offload' | 'tcp' | 'adapter', (v: number) => string> = {
  offload: offloadStateShortName,
  tcp: tcpStateShortName,
  adapter: (v) => (v === 0 ? 'OffloadEnabled' : 'OffloadPaused'),
};

export function assemble(state: SimulationState, env: SimulationEnvironment): SimulationParts {
  const names = env.names;
  const last = names.length - 1;
  const clock = new SimulatedClock(state.clock);
  const trace = new Trace(env.trace, () => clock.now(), state.trace);
  let perform: (item: PendingItem) => void = () => {};
  const scheduler = new Scheduler(state.scheduler, clock, env.policy, (item) => perform(item));
  const monitor = new RuleMonitor(state.rules.monitor, () => completingNbls(scheduler), pendingBelow(scheduler));
  const rules = new Rulebook(trace, env.onViolation, RULEBOOK, monitor, state.rules, env.coverage);
  const ndis = new Ndis(state.ndis, trace, scheduler, rules);
  const library = ndis.library;

  const hostState = state.layers[0] as HostState;
  const targetHandler = (event: LayerEvent): unknown => call(names[last]!, env.target, event.type, state.layers[last], event, library, nic);
  /** The network, the NIC or a test gives the target something: from outside NDIS, as the target. */
  const target = (event: LayerEvent): unknown => ndis.enter(last, () => targetHandler(event));
  // The wire names a segment by the host's connection label when it has one.
  const labelOf = (t: FourTuple) => tcbOf(hostState, t)?.label ?? fourTupleText(t);
  const peer: RemotePeerContext = {
    s: state.peer,
    transmit: (segment) => wire.transmit('peer', segment),
    ...(state.peer.retransmit ? { timers: peerTimers(scheduler, trace, labelOf) } : {}),
  };
  /** The rulebook sees every segment at the NIC, at the target's upper binding (reference §8 items 11, 15). */
  const atNic = (from: 'target' | 'peer', segment: Segment) =>
    rules.crossing({ kind: 'segment', binding: last - 1, caller: from === 'target' ? names[last]! : 'peer', callee: from === 'target' ? 'peer' : names[last]!, from, connection: labelOf(segment.connection), segment });
  const wire = new Wire(
    trace, scheduler, labelOf,
    (segment) => {
      atNic('peer', segment);
      target({ type: 'ReceiveSegment', segment });
    },
    (segment) => remotePeerReceive(peer, { type: 'Segment', segment }),
    state.wire,
  );
  const nic: NicServices = {
    transmit: (segment: Segment) => {
      atNic('target', segment);
      thisMachineSent(peer, segment);
      wire.transmit('target', segment);
    },
    sendFrame: (frame) => {
      thisMachineSent(peer, frame.segment);
      wire.transmit('host', frame.segment);
    },
  };
  const host: HostContext = { s: hostState, ndis: library, report: reporter(names[0]!, trace, rules) };

  const endpoints: LayerEndpoint[] = [
    {
      name: names[0]!,
      receive: (event) => hostStackReceive(env.host, host, event as HostStackEvent),
      timerFired: (TimerObject, FunctionContext) => hostStackReceive(env.host, host, { type: 'TimerExpired', TimerObject, FunctionContext }),
    },
    ...env.intermediateDrivers.map((driver, k): LayerEndpoint => ({
      name: names[k + 1]!,
      receive: (event) => call(names[k + 1]!, driver, event.type, state.layers[k + 1], event, library),
    })),
    {
      name: names[last]!,
      receive: targetHandler,
      callReturned: (returned) => call(names[last]!, env.target, 'CallReturned', state.layers[last], returned, library, nic),
      timerFired: (TimerObject, FunctionContext) => call(names[last]!, env.target, 'NetTimerCallback', state.layers[last], { TimerObject, FunctionContext }, library, nic),
    },
  ];
  ndis.attach(endpoints);
  perform = (item) => {
    if (item.fn === 'segment') wire.deliver(item);
    else if (isPeerTimer(item)) {
      deliverPeerTimer(item, trace, (connection, timer) => remotePeerReceive(peer, { type: timer === 'persist' ? 'PersistTimer' : 'RetransmitTimer', connection }));
    }
    else if (item.fn === 'timer') ndis.deliverTimer(item);
    else ndis.deliverPending(item);
  };
  return {
    clock, trace, scheduler, rules, ndis,
    host: (event) => ndis.enter(0, () => hostStackReceive(env.host, host, event)),
    target,
    peer: (event) => remotePeerReceive(peer, event),
  };
}

/**
 * Calls handler `name` of a driver (layer `layer`) with the layer's state, the call's arguments and the
 * services. What the handler throws comes out as a HandlerThrew naming the innermost layer and handler.
 */
function call(layer: string, driver: object, name: string, state: unknown, args: object, ndis: NdisLibrary, nic?: NicServices): unknown {
  const handler = (driver as Record<string, unknown>)[name];
  if (typeof handler !== 'function') throw new Error(`${name} is not a handler of this driver`);
  try {
    return (handler as (...a: unknown[]) => unknown)(state, args, ndis, nic);
  } catch (e) {
    throw e instanceof HandlerThrew ? e : new HandlerThrew(layer, name, e);
  }
}

/** How the host tells the simulation what it did that is not an NDIS call: state changes (judged by the rulebook) and decisions. */
function reporter(layer: string, trace: Trace, rules: Rulebook): LayerReporter {
  return {
    get wanted() {
      return trace.wanted;
    },
    stateChange: (object, region, from, to, cause) => {
      rules.stateChange({ layer, object, region, from, to, cause });
      if (trace.wanted) {
        const name = REGION_NAMES[region];
        trace.record({ kind: 'stateChange', layer, object, region, from: name(from), to: name(to) });
      }
    },
    decision: (text, object) => {
      if (trace.wanted) trace.record({ kind: 'decision', layer, text, ...(object ? { object } : {}) });
    },
  };
}

/** The NBLs in data completions the target made that have not been delivered yet (their Status is written). */
function completingNbls(scheduler: Scheduler): ReadonlySet<number> {
  const ids = new Set<number>();
  for (const item of scheduler.all()) {
    const c = item.call;
    if (c.fn === 'NdisTcpOffloadSendComplete' || c.fn === 'NdisTcpOffloadDisconnectComplete' || c.fn === 'NdisTcpOffloadReceiveComplete' || c.fn === 'NdisTcpOffloadForwardComplete') {
      for (const n of netBufferListsOf(c.NetBufferList)) ids.add(n.id);
    }
  }
  return ids;
}

/** What the rule monitor may ask of the scheduler: the optional retrieves and the receive indications made and not delivered yet. */
function pendingBelow(scheduler: Scheduler): PendingBelow {
  return {
    retrieves: (connection) => {
      const layers: number[] = [];
      for (const item of scheduler.all()) {
        const c = item.call;
        if (c.fn !== 'NdisTcpOffloadEventHandler' || c.EventType !== TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve) continue;
        if (c.NdisOffloadHandle.label === connection && !isMandatoryUploadReason(c.EventSpecificInformation)) layers.push(item.layer);
      }
      return layers;
    },
    receiveIndications: (connection) => {
      const made: Array<[number, number]> = [];
      for (const item of scheduler.all()) {
        const c = item.call;
        if (c.fn === 'NdisTcpOffloadReceiveHandler' && c.NetBufferList.connection === connection) made.push([item.layer, c.NetBufferList.id]);
      }
      return made;
    },
  };
}

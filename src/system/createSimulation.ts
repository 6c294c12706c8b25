/**
 * Builds a simulation: the host stack, n reference intermediate drivers and the offload target as
 * handler tables, bound through NDIS in that order, with one scheduler, one clock, one trace and the
 * rulebook. The returned Simulation is the public way to drive and observe it.
 */
import type { MiniportEdgeEvent, NdisEdgeEvent, ProtocolEdgeEvent } from '../ndis/calls.js';
import { offloadStateShortName } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { tcpStateShortName } from '../ndis/TCPSTATE.js';
import { createHostContext, hostStackReceive } from '../layers/hostStack/hostStack.js';
import type { HostPolicy } from '../layers/hostStack/HostContext.js';
import { createIntermediateDriverContext, intermediateDriverReceive } from '../layers/intermediateDriver/intermediateDriver.js';
import type { LayerReporter } from '../layers/LayerReporter.js';
import { createOffloadTargetContext, offloadTargetReceive, type TargetCapacity } from '../layers/offloadTarget/offloadTarget.js';
import { Rulebook, type OnViolation } from '../rules/Rulebook.js';
import { fifoPolicy, seededRandomPolicy, type SchedulingPolicy } from '../scheduler/policies.js';
import { Scheduler } from '../scheduler/Scheduler.js';
import { SimulatedClock } from '../scheduler/SimulatedClock.js';
import { Trace } from '../trace/Trace.js';
import type { LayerEndpoint } from './LayerEndpoint.js';
import { Ndis } from './Ndis.js';
import { Wire } from './Wire.js';
import type { NblSerials } from '../ndis/NET_BUFFER_LIST.js';
import { createRemotePeerContext, remotePeerReceive } from '../layers/remotePeer/remotePeer.js';
import { tcbOf } from '../layers/hostStack/HostContext.js';
import { fourTupleText, type FourTuple } from '../layers/offloadTarget/TargetObject.js';
import { Simulation } from './Simulation.js';

export interface SimulationOptions {
  /** Number of intermediate drivers between host and target (default 1). */
  intermediateDrivers?: number;
  /** Scheduling: 'fifo' (default), 'random' (seeded by `seed`), or a policy object. */
  scheduling?: 'fifo' | 'random' | SchedulingPolicy;
  /** Seed for 'random' scheduling (default 1). */
  seed?: number;
  /** Record the trace (default true). Violations are always recorded. */
  trace?: boolean;
  /** Keep running after a rule violation (default) or stop at the first one. */
  onViolation?: OnViolation;
  /** Target capacity per layer (default 65,536 each). */
  capacity?: Partial<TargetCapacity>;
  /** Host stack policy (optional Retrieve reasons, releasing paths and neighbors, HRD answers, faults). */
  hostPolicy?: Partial<HostPolicy>;
  /** Deliberate fault in every intermediate driver: indications relayed with its own handle. */
  imRelaysWithOwnHandle?: boolean;
  /** Deliberate fault in the target: the outstanding send chain is dropped on upload instead of handed back. */
  targetDropsSendChainOnUpload?: boolean;
  /** Deliberate fault in the target: buffered receive data is dropped on upload instead of handed back in BufferedData. */
  targetDropsBufferedDataOnUpload?: boolean;
}

const REGION_NAMES: Record<string, (v: number) => string> = {
  offload: offloadStateShortName,
  tcp: tcpStateShortName,
  adapter: (v) => (v === 0 ? 'OffloadEnabled' : 'OffloadPaused'),
};

export function createSimulation(options: SimulationOptions = {}): Simulation {
  const imCount = options.intermediateDrivers ?? 1;
  if (!Number.isInteger(imCount) || imCount < 0) throw new RangeError(`intermediateDrivers must be a whole number ≥ 0, got ${imCount}`);
  const seed = options.seed ?? 1;
  const clock = new SimulatedClock();
  const trace = new Trace(options.trace ?? true, () => clock.now());
  const policy =
    options.scheduling === 'random' ? seededRandomPolicy(seed)
    : typeof options.scheduling === 'object' ? options.scheduling
    : fifoPolicy();
  const scheduler = new Scheduler(clock, policy);
  const rules = new Rulebook(trace, options.onViolation ?? 'continue');
  const ndis = new Ndis(trace, scheduler, rules);

  const names = ['host', ...Array.from({ length: imCount }, (_, i) => `IM${i + 1}`), 'target'];
  const reporter = (layer: string): LayerReporter => ({
    get wanted() {
      return trace.wanted;
    },
    stateChange: (object, region, from, to, cause) => {
      rules.stateChange({ layer, object, region, from, to, cause });
      if (trace.wanted) {
        const name = REGION_NAMES[region]!;
        trace.record({ kind: 'stateChange', layer, object, region, from: name(from), to: name(to) });
      }
    },
    decision: (text, object) => {
      if (trace.wanted) trace.record({ kind: 'decision', layer, text, ...(object ? { object } : {}) });
    },
  });

  const last = names.length - 1;
  // The wire to the remote peer; segments are named by the host's connection labels in traces.
  let labelOf: (t: FourTuple) => string = fourTupleText;
  const wire = new Wire(trace, scheduler, (t) => labelOf(t));
  // One NBL numbering for every layer that allocates NBLs (the host's, and the target's receive NBLs).
  const nbls: NblSerials = { next: 1 };
  const host = createHostContext({
    name: names[0]!, ndis: ndis.library(0), report: reporter(names[0]!), bindingHandle: ndis.bindingHandle(0), policy: options.hostPolicy ?? {},
    transmit: (segment) => wire.transmit('host', segment), nbls,
  });
  const ims = names.slice(1, last).map((name, k) =>
    createIntermediateDriverContext({
      name, ndis: ndis.library(k + 1), report: reporter(name), bindingHandle: ndis.bindingHandle(k + 1),
      miniportHandle: ndis.miniportHandle(k + 1), relaysWithOwnHandle: options.imRelaysWithOwnHandle ?? false,
    }),
  );
  const target = createOffloadTargetContext({
    name: names[last]!, ndis: ndis.library(last), report: reporter(names[last]!), miniportHandle: ndis.miniportHandle(last),
    capacity: { Neighbor: 65_536, Path: 65_536, Tcp: 65_536, ...options.capacity },
    dropsSendChainOnUpload: options.targetDropsSendChainOnUpload ?? false,
    dropsBufferedDataOnUpload: options.targetDropsBufferedDataOnUpload ?? false,
    transmit: (segment) => wire.transmit('target', segment),
    nbls,
    initiateCompletionPending: (handle) => ndis.initiateCompletionPending(last, handle),
    // A timer is a pending item like any other, so its expiry can be scripted against segments and calls.
    startTimer: (label, object, event) => {
      const item = scheduler.add({
        fn: 'timer', kind: 'timer', caller: names[last]!, objects: [object], handles: new Set(), isTerminate: false, label,
        deliver: () => {
          if (trace.wanted) trace.record({ kind: 'decision', layer: names[last]!, text: `${label} expires (item ${item.id})`, object });
          offloadTargetReceive(target, event);
        },
      });
    },
  });
  const peer = createRemotePeerContext((segment) => wire.transmit('peer', segment));
  wire.attach((segment) => offloadTargetReceive(target, { type: 'ReceiveSegment', segment }), (segment) => remotePeerReceive(peer, { type: 'Segment', segment }));
  labelOf = (t) => tcbOf(host, t)?.label ?? fourTupleText(t);
  // NDIS calls each layer's handler directly.
  const endpoints: LayerEndpoint[] = [
    { name: names[0]!, receive: (event) => hostStackReceive(host, event as ProtocolEdgeEvent) },
    ...ims.map((im, k) => ({ name: names[k + 1]!, receive: (event: NdisEdgeEvent) => intermediateDriverReceive(im, event) })),
    {
      name: names[last]!, receive: (event) => offloadTargetReceive(target, event as MiniportEdgeEvent),
      // Only a target with work waiting needs to hear that a completion returned: receive work after an
      // initiate, a corrupt-hardware report after a query or invalidate.
      wantsReturn: (op) => (op === 'Initiate' ? target.receives.size > 0 : target.hardwareReports.size > 0),
    },
  ];
  ndis.attach(endpoints);
  return new Simulation({ names, host, target, peer, trace, scheduler, clock, rules, ndis, seed, policyName: policy.name });
}

/**
 * Random runs for the properties: four connections (a and b sharing a path and a neighbor, c and d
 * sharing another neighbor through a router), and steps of every kind the simulation takes —
 * application writes, reads and posted receives against a random socket buffer, peer data (PSH or not,
 * sometimes urgent), offloads, uploads, updates, invalidates (TCP, path, neighbor), queries, re-links,
 * target indications and statuses, corrupt hardware, closes, FIN and RST from the peer — with random
 * delivery orders (completions, indications, segments, push timers). `randomRun` is short (a handful
 * of steps about a and b, 0-3 intermediate drivers, so that a fault's counterexample shrinks small);
 * `longRun` is 40-60 steps over all four, 0-4 intermediate drivers, few closes and resets, and seeded
 * random scheduling for `deliver: all` too: the shape in which a fuzzing campaign found three model bugs
 * (issue 11 defect 9) that short FIFO runs of two connections never reached. Also the checks the
 * properties make after every step: firstLoss (the ledger of checkNoByteLost), firstBreak (the
 * rulebook) and firstInvariantBreak (every named invariant of src/check/invariants). The benchmark
 * times the first two; `npm run fuzz` (scripts/fuzz) runs the long ones for as long as it is given.
 */
import fc from 'fast-check';
import { NDIS_STATUS } from '../../src/ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../src/ndis/TCP_UPLOAD_REASON.js';
import { checkInvariants, INVARIANTS } from '../../src/check/invariants/index.js';
import { checkNoByteLost } from '../../src/invariants/noByteLost.js';
import { targetIndicateRefusal } from '../../src/check/commands/targetIndicateRefusal.js';
import { createSimulation, type SimulationOptions } from '../../src/system/createSimulation.js';
import { LOSSY_WIRE_FAULTS } from '../../src/system/faults.js';
import type { Simulation } from '../../src/system/Simulation.js';
import type { ConnectionSpec } from '../../src/layers/host/addConnection.js';

export const SEED = Number(process.env.FC_SEED ?? 20261122);
const IDS = ['a', 'b', 'c', 'd'] as const;
type Id = (typeof IDS)[number];

export type Step =
  | { kind: 'send'; id: Id; bytes: number }
  | { kind: 'offload' | 'upload'; id: Id }
  | { kind: 'retrieve'; id: Id; reason: number }
  | { kind: 'backlog'; id: Id; bytes: number }
  | { kind: 'status'; code: number }
  | { kind: 'fin'; id: Id }
  | { kind: 'close'; id: Id; abortive: boolean }
  | { kind: 'rst'; id: Id; outOfWindow: boolean }
  | { kind: 'peerSend'; id: Id; bytes: number; push: boolean; urgent: boolean; ignoreWindow?: boolean }
  | { kind: 'peerWindow'; id: Id; window: number }
  | { kind: 'post'; id: Id; bytes: number; noPush: boolean }
  | { kind: 'read'; id: Id; bytes: number | undefined }
  | { kind: 'corrupt' | 'query' | 'update'; id: Id }
  | { kind: 'invalidate'; id: Id; layer: 'Tcp' | 'Path' | 'Neighbor' }
  | { kind: 'relink'; id: Id; nextHop: string }
  | { kind: 'neighborQuery'; id: Id }
  | { kind: 'deliver'; pick: number }
  | { kind: 'deliverAll' };

/** A byte count: as often a few bytes (buffers and segments that meet byte by byte) as up to `max`. */
const byteCount = (max: number) => fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max }));
// In a long run most steps are about a, so that one connection goes through many offload, upload and data cycles in a run.
const id = fc.constantFrom<Id>('a', 'a', 'a', 'a', 'b', 'b', 'c', 'd');
type Weighted = { weight: number; arbitrary: fc.Arbitrary<Step> };

/**
 * The windows: the peer closes its window (0) or opens it (this machine's sender then keeps its data and
 * probes on the persist timer), and, rarely, a misbehaving peer sends past this machine's window (the
 * receiver must drop the excess, and the peer sends it again).
 */
const windowSteps = (of: fc.Arbitrary<Id>): Weighted[] => [
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('peerWindow' as const), id: of, window: fc.constantFrom(0, 0, 300, 65_535) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('peerSend' as const), id: of, bytes: fc.integer({ min: 1, max: 5_000 }), push: fc.boolean(), urgent: fc.constant(false), ignoreWindow: fc.constant(true) }) },
];

/** Steps of a long run after which a connection goes on; `cycles` weighs offloads and uploads, `data` peer data and posted receives. */
const everyday = (cycles: number, data: number): Weighted[] => [
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('send' as const), id, bytes: fc.integer({ min: 1, max: 500 }) }) },
  { weight: cycles, arbitrary: fc.record({ kind: fc.constantFrom('offload' as const, 'upload' as const), id }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retrieve' as const), id, reason: fc.constantFrom(R.LowActivity, R.UploadRequested, R.HardwareFailure) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('backlog' as const), id, bytes: fc.integer({ min: 1, max: 1 << 20 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      code: fc.constantFrom(NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL, NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME, NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE),
    }),
  },
  { weight: data + 1, arbitrary: fc.record({
      kind: fc.constant('peerSend' as const), id, bytes: byteCount(800), push: fc.boolean(),
      urgent: fc.constantFrom(false, false, false, false, false, false, false, true),
    }) },
  { weight: data, arbitrary: fc.record({ kind: fc.constant('post' as const), id, bytes: byteCount(600), noPush: fc.boolean() }) },
  ...windowSteps(id),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('read' as const), id, bytes: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('query' as const, 'update' as const), id }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('invalidate' as const), id, layer: fc.constantFrom('Tcp' as const, 'Path' as const, 'Neighbor' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('relink' as const), id, nextHop: fc.constantFrom('10.0.0.2', '10.0.0.253', '10.0.0.254') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('neighborQuery' as const), id }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deliverAll' as const) }) },
];

/** Steps of a long run that end a connection's life: the peer's FIN or RST, the application's close, corrupt hardware. */
const endings: Weighted[] = [
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fin' as const), id }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), id, abortive: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rst' as const), id, outOfWindow: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('corrupt' as const), id }) },
];

/** A step of a short run: about a or b only, as the properties' runs always were (each fault's counterexample stays small). */
const shortId = fc.constantFrom<Id>('a', 'b');
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('send' as const), id: shortId, bytes: fc.integer({ min: 1, max: 500 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('offload' as const, 'upload' as const), id: shortId }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retrieve' as const), id: shortId, reason: fc.constantFrom(R.LowActivity, R.UploadRequested, R.HardwareFailure) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('backlog' as const), id: shortId, bytes: fc.integer({ min: 1, max: 1 << 20 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      code: fc.constantFrom(NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL, NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME, NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fin' as const), id: shortId }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), id: shortId, abortive: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rst' as const), id: shortId, outOfWindow: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({
      kind: fc.constant('peerSend' as const), id: shortId, bytes: fc.integer({ min: 1, max: 800 }), push: fc.boolean(),
      urgent: fc.constantFrom(false, false, false, false, false, false, false, true),
    }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('post' as const), id: shortId, bytes: fc.integer({ min: 1, max: 600 }), noPush: fc.boolean() }) },
  ...windowSteps(shortId),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('read' as const), id: shortId, bytes: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('corrupt' as const, 'query' as const, 'update' as const), id: shortId }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('invalidate' as const), id: shortId, layer: fc.constantFrom('Tcp' as const, 'Path' as const, 'Neighbor' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('relink' as const), id: shortId, nextHop: fc.constantFrom('10.0.0.2', '10.0.0.253', '10.0.0.254') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('neighborQuery' as const), id: shortId }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deliverAll' as const) }) },
);

/**
 * A step of a long run: more offloads and uploads, and endings much rarer, so that connections live
 * through most of the run and go through several offload and upload cycles with data both ways.
 */
const longStep: fc.Arbitrary<Step> = fc.oneof({ weight: 40, arbitrary: fc.oneof(...everyday(6, 5)) }, { weight: 1, arbitrary: fc.oneof(...endings) });

/** Intermediate drivers (0-3), the host's socket receive buffer, and the steps (a handful, about a and b; FIFO `deliver: all`). */
export const randomRun = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 2_000 }), fc.array(step, { minLength: 1, maxLength: 60 }));

/** Steps of a long run. */
export const LONG_RUN_STEPS = { min: 40, max: 60 } as const;

/** A long run: intermediate drivers, receive buffer, 40-60 steps, and the seed of its random scheduling. */
export const longRun = fc.tuple(
  fc.integer({ min: 0, max: 4 }),
  fc.oneof(fc.constant(65_535), fc.integer({ min: 1, max: 2_000 })),
  fc.array(longStep, { minLength: LONG_RUN_STEPS.min, maxLength: LONG_RUN_STEPS.max }),
  fc.nat(),
);

/** The options of a long run: `deliver: all` picks at random too, seeded. */
export const randomScheduling = (seed: number): SimulationOptions => ({ scheduling: 'random', seed });

/**
 * The four connections the steps name: a and b to 10.0.0.2 (one path, one neighbor), c and d to two
 * servers through router 10.0.0.254 (two paths, one neighbor).
 */
export const CONNECTIONS: readonly ConnectionSpec[] = IDS.map((id, i) => ({
  id, localAddress: '10.0.0.1', localPort: 5000 + i, remotePort: 443, owningPid: 1,
  ...(id === 'a' || id === 'b' ? { remoteAddress: '10.0.0.2' } : { remoteAddress: `192.168.${i + 3}.10`, nextHop: '10.0.0.254' }),
}));

/** A simulation with the four connections the steps name. */
export function simulationFor(ims: number, receiveBuffer: number, options: SimulationOptions = {}): Simulation {
  // A fault only a lossy wire shows runs over one that drops a segment in four.
  const lossy = options.wire === undefined && options.faults?.some((f) => LOSSY_WIRE_FAULTS.has(f)) ? { wire: { drop: 0.25 } } : {};
  // The receive window follows the socket buffer (twice it, at most 65535): a small buffer makes windows that fill and open.
  const receiveWindow = Math.min(65_535, 2 * receiveBuffer);
  const sim = createSimulation({ trace: false, ...lossy, ...options, intermediateDrivers: ims, hostPolicy: { receiveWindow, ...options.hostPolicy, receiveBuffer } });
  for (const spec of CONNECTIONS) sim.addConnection(spec);
  return sim;
}

/** The steps, then everything delivered, every connection uploaded, and everything delivered again. */
export function withEnding(steps: readonly Step[]): Step[] {
  return [...steps, { kind: 'deliverAll' }, ...IDS.map((id): Step => ({ kind: 'upload', id })), { kind: 'deliverAll' }];
}

/**
 * The script tells the target when to indicate, so it keeps to the rules a target keeps by itself (the
 * same refusals as chimney check's commands: targetIndicateRefusal): no indication before the initiate
 * completion has returned (reference §8 item 4), and no Retrieve for an optional reason once the
 * connection is half closed (§6.9).
 */
export function targetMayIndicate(sim: Simulation, id: Id, reason?: number): boolean {
  return targetIndicateRefusal({ sim }, id, reason) === undefined;
}

export function perform(sim: Simulation, s: Step): void {
  switch (s.kind) {
    case 'peerSend': {
      const peer = sim.peerView(s.id);
      if (!peer.finSent && !peer.reset) sim.peerSend(s.id, s.bytes, s.push, s.urgent, s.ignoreWindow ?? false); // a closed or reset peer sends nothing
      return;
    }
    case 'peerWindow':
      return sim.peerWindow(s.id, s.window);
    case 'post':
      return sim.postReceive(s.id, s.bytes, s.noPush);
    case 'read':
      return sim.read(s.id, s.bytes);
    case 'corrupt':
      return sim.hardwareFailure(s.id);
    case 'query':
      return sim.query(s.id);
    case 'update':
      return sim.update(s.id, { TtlOrHopLimit: 64 });
    case 'invalidate':
      return sim.invalidate(s.id, s.layer);
    case 'relink':
      return sim.relink(s.id, s.nextHop);
    case 'neighborQuery':
      return sim.neighborReachabilityQuery(s.id, 1_000);
    case 'send':
      return sim.send(s.id, s.bytes);
    case 'offload':
      return sim.offload(s.id);
    case 'upload':
      return sim.upload(s.id);
    case 'retrieve':
      if (targetMayIndicate(sim, s.id, s.reason)) sim.indicate(s.id, E.TcpIndicateRetrieve, s.reason);
      return;
    case 'backlog':
      if (targetMayIndicate(sim, s.id)) sim.indicate(s.id, E.TcpIndicateSendBacklogChange, s.bytes);
      return;
    case 'status':
      return sim.indicateStatus(s.code);
    case 'fin':
      return sim.peerFin(s.id);
    case 'close':
      return sim.disconnect(s.id, s.abortive);
    case 'rst':
      return sim.peerRst(s.id, s.outOfWindow);
    case 'deliver': {
      const enabled = sim.pending();
      if (enabled.length > 0) sim.deliver(s.pick % enabled.length);
      return;
    }
    case 'deliverAll':
      sim.deliverAll();
  }
}

/** Runs the steps; the first ledger problem (a byte lost or duplicated, see checkNoByteLost), or null. */
export function firstLoss(ims: number, receiveBuffer: number, steps: readonly Step[], options: SimulationOptions = {}): string | null {
  const sim = simulationFor(ims, receiveBuffer, options);
  for (const s of withEnding(steps)) {
    perform(sim, s);
    const problems = checkNoByteLost(sim);
    if (problems.length) return `${JSON.stringify(s)}: ${problems.map((p) => `${p.connection} ${p.message}`).join('; ')}`;
  }
  return null;
}

/** Runs the steps; the first step after which a rule is broken (and which), or null. */
export function firstBreak(ims: number, receiveBuffer: number, steps: readonly Step[], options: SimulationOptions = {}): string | null {
  const sim = simulationFor(ims, receiveBuffer, options);
  for (const s of withEnding(steps)) {
    perform(sim, s);
    sim.checkQuiescence();
    if (sim.violations.length) return `${JSON.stringify(s)}: ${sim.violations.map((v) => `${v.rule} (${v.detail})`).join('; ')}`;
  }
  return null;
}

/**
 * Runs the steps, checking every named invariant after each (the quiescent ones when nothing is pending);
 * the first step that breaks one, with every break it caused (`invariant: message`), or null.
 */
export function firstInvariantBreak(ims: number, receiveBuffer: number, steps: readonly Step[], options: SimulationOptions = {}): string | null {
  const sim = simulationFor(ims, receiveBuffer, options);
  for (const s of withEnding(steps)) {
    perform(sim, s);
    const breaks = checkInvariants(sim, INVARIANTS, sim.scheduler.size === 0);
    if (breaks.length) return `${JSON.stringify(s)}: ${breaks.map((b) => `${b.invariant} (${b.message})`).join('; ')}`;
  }
  return null;
}

/** Seeded rates of a lossy wire for the properties: drop, duplicate and reorder, each up to 20 %. */
export const lossRates = fc.record({
  drop: fc.integer({ min: 0, max: 20 }).map((p) => p / 100),
  duplicate: fc.integer({ min: 0, max: 20 }).map((p) => p / 100),
  reorder: fc.integer({ min: 0, max: 20 }).map((p) => p / 100),
});


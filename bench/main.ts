/**
 * `npm run bench`: the figures the issues ask for, measured side by side in one run.
 * - ndisCallsPerSec: NDIS calls crossing a layer per second, host + 1 IM + target, rules and trace on,
 *   over the demo tour's life cycle (offload, SendBacklogChange, Retrieve and the upload it starts).
 * - bareActorSendPerSec: a trivial xstate actor's send() rate, the practical ceiling for an xstate design.
 * - ratio: the first over the second.
 * - xstateShare, gcShare: of the life cycle's CPU time (sampled by the V8 profiler in one untimed
 *   second), the part spent in xstate's own code, and in the garbage collector.
 * - actorSendsPerCall: xstate actor sends made per NDIS call in that life cycle (counted in an untimed
 *   pass): NDIS delivers every call with one send to the callee, and each scripted decision is one more.
 * - bytesPerConnection: heap per offloaded connection at 100,000 connections, all layers, trace off.
 * - uploadAllMs: NDIS_STATUS_UPLOAD_ALL bringing those 100,000 connections back InHost.
 * - bytesPerSecSimulated: application bytes moved end to end (written, transmitted by the target,
 *   ACKed by the peer, completed) through an offloaded connection per wall-clock second, 1 IM.
 * - receivedBytesPerSecSimulated: the other way: peer bytes taken by the target, offered with
 *   NdisTcpOffloadReceiveHandler, accepted, read by the application and the NBL returned, 1 IM.
 * - propertyRunsPerSec, firstCounterexample, schedulesPerSec: testing speed (bench/testingSpeed.ts).
 * `npm run bench -- --json` prints one JSON object instead of the table.
 */
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { Actor, createActor, setup } from 'xstate';
import { createSimulation } from '../src/system/createSimulation.js';
import { NDIS_STATUS } from '../src/ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../src/ndis/TCP_UPLOAD_REASON.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { firstCounterexamples, propertyRunsPerSec, schedulesPerSec } from './testingSpeed.js';

const gc = (globalThis as { gc?: () => void }).gc;
const collect = () => {
  for (let i = 0; i < 3; i++) gc?.();
};

/** A workload: one call of `body` does some operations and returns how many. */
type Workload = () => number;

/**
 * Rates of several workloads measured side by side: `rounds` rounds, each giving every workload
 * `sliceMs` in turn, so that a noisy neighbour on this shared machine slows them all alike.
 * Returns operations per second for each.
 */
function rates(workloads: readonly Workload[], rounds: number, sliceMs: number): number[] {
  const ops = workloads.map(() => 0);
  const elapsed = workloads.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    workloads.forEach((body, i) => {
      const start = performance.now();
      let t = 0;
      while ((t = performance.now() - start) < sliceMs) ops[i]! += body();
      elapsed[i]! += t;
    });
  }
  return ops.map((n, i) => (n / elapsed[i]!) * 1000);
}

function bareActorSend(): Workload {
  const toggle = setup({ types: { events: {} as { type: 'TOGGLE' } } }).createMachine({
    initial: 'off',
    states: { off: { on: { TOGGLE: 'on' } }, on: { on: { TOGGLE: 'off' } } },
  });
  const actor = createActor(toggle).start();
  return () => {
    for (let i = 0; i < 1000; i++) actor.send({ type: 'TOGGLE' });
    return 1000;
  };
}

/** A simulation with one offloaded connection, and a counter of the NDIS calls in its trace. */
function oneConnection() {
  const sim = createSimulation({ intermediateDrivers: 1, trace: true });
  sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  sim.offload('1');
  sim.run();
  const countCalls = () => {
    let n = 0;
    for (const e of sim.trace.events) if (e.kind === 'call') n++;
    sim.trace.events.length = 0;
    return n;
  };
  countCalls();
  return { sim, countCalls };
}

/** The demo tour's life cycle: offload, SendBacklogChange, Retrieve(LowActivity) and the upload it starts (12 crossings). */
function lifeCycleCalls(): Workload {
  const { sim, countCalls } = oneConnection();
  return () => {
    for (let i = 0; i < 20; i++) {
      sim.indicate('1', TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange, 65_536 + i);
      sim.run();
      sim.indicate('1', TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.LowActivity);
      sim.run();
      sim.offload('1');
      sim.run();
    }
    return countCalls();
  };
}

/**
 * Actor sends per NDIS call over the life cycle, counted in one untimed pass by wrapping
 * Actor.prototype.send (an actor binds `send` when it is created, so the simulation is made inside the wrap).
 */
function actorSendsPerCall(): number {
  const send = Actor.prototype.send;
  let sends = 0;
  Actor.prototype.send = function (this: Actor<never>, event) {
    sends++;
    send.call(this, event);
  };
  try {
    const body = lifeCycleCalls();
    sends = 0; // the set-up's own offload is not part of the cycle
    const calls = body();
    return sends / calls;
  } finally {
    Actor.prototype.send = send;
  }
}

/** Indications only: TcpIndicateSendBacklogChange relayed target -> IM1 -> host (2 crossings each). */
function indicationCalls(): Workload {
  const { sim, countCalls } = oneConnection();
  return () => {
    for (let i = 0; i < 50; i++) {
      sim.indicate('1', TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange, 65_536 + i);
      sim.run();
    }
    return countCalls();
  };
}

/** Application bytes moved end to end (written, sent by the target, ACKed, completed) through an offloaded connection, 1 IM. */
function bytesMoved(): Workload {
  const { sim, countCalls } = oneConnection();
  let acked = 0;
  return () => {
    for (let i = 0; i < 20; i++) {
      sim.send('1', 16_384);
      sim.deliverAll();
    }
    countCalls(); // keeps the trace from growing
    const now = sim.sendHoldings('1').acked;
    const moved = now - acked;
    acked = now;
    return moved;
  };
}

/** Peer bytes moved end to end the other way (sent, offered, accepted, read, NBL returned) through an offloaded connection, 1 IM. */
function bytesReceived(): Workload {
  const { sim, countCalls } = oneConnection();
  let received = 0;
  return () => {
    for (let i = 0; i < 20; i++) {
      sim.peerSend('1', 16_384);
      sim.deliverAll();
      sim.read('1');
    }
    countCalls(); // keeps the trace from growing
    const now = sim.connection('1').received;
    const moved = now - received;
    received = now;
    return moved;
  };
}

/** One second of the life cycle under the V8 sampling profiler: the shares of xstate's own code and of the garbage collector. */
async function lifeCycleProfile(): Promise<{ xstateShare: number; gcShare: number }> {
  const body = lifeCycleCalls();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const start = performance.now();
  while (performance.now() - start < 1000) body();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  let total = 0;
  let xstate = 0;
  let gc = 0;
  profile.samples!.forEach((id, i) => {
    const dt = profile.timeDeltas![i] ?? 0;
    const frame = nodes.get(id)!;
    total += dt;
    if (frame.url.includes('/node_modules/xstate/')) xstate += dt;
    else if (frame.functionName === '(garbage collector)') gc += dt;
  });
  return { xstateShare: Number((xstate / total).toFixed(2)), gcShare: Number((gc / total).toFixed(2)) };
}

function scale(connections: number): { bytesPerConnection: number; uploadAllMs: number; offloaded: number } {
  collect();
  const sim = createSimulation({ intermediateDrivers: 1, trace: false, capacity: { Neighbor: connections, Path: connections, Tcp: connections } });
  collect();
  const before = process.memoryUsage().heapUsed;
  const ids: string[] = [];
  for (let i = 0; i < connections; i++) {
    const id = String(i);
    ids.push(id);
    sim.addConnection({
      id, localAddress: '10.0.0.1', localPort: 1024 + (i % 60_000), remoteAddress: `10.1.${(i / 60_000) | 0}.${(i % 250) + 1}`,
      remotePort: 443, owningPid: 1000 + (i % 7), nextHop: '10.0.0.254',
    });
  }
  for (let i = 0; i < ids.length; i += 1000) {
    sim.offload(...ids.slice(i, i + 1000));
    sim.run();
  }
  collect();
  const after = process.memoryUsage().heapUsed;
  const offloaded = sim.tcpTableEntries().filter((r) => r.offloadState === S.TcpConnectionOffloadStateOffloaded).length;
  const start = performance.now();
  sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL);
  sim.run();
  const uploadAllMs = performance.now() - start;
  const stillOffloaded = sim.tcpTableEntries().filter((r) => r.offloadState !== S.TcpConnectionOffloadStateInHost).length;
  if (stillOffloaded !== 0) throw new Error(`UPLOAD_ALL left ${stillOffloaded} connections not InHost`);
  return { bytesPerConnection: Math.round((after - before) / connections), uploadAllMs: Math.round(uploadAllMs), offloaded };
}

const json = process.argv.includes('--json');
if (!gc) console.error('note: run with --expose-gc for stable memory figures');
const workloads = [bareActorSend(), lifeCycleCalls(), indicationCalls(), bytesMoved(), bytesReceived()];
rates(workloads, 2, 150); // warm-up
const [bare, calls, indications, bytes, received] = rates(workloads, 10, 200) as [number, number, number, number, number];
const s = scale(100_000);
const result = {
  ndisCallsPerSec: Math.round(calls),
  bareActorSendPerSec: Math.round(bare),
  ratio: Number((calls / bare).toFixed(3)),
  actorSendsPerCall: Number(actorSendsPerCall().toFixed(3)),
  ...(await lifeCycleProfile()),
  indicationCallsPerSec: Math.round(indications),
  indicationRatio: Number((indications / bare).toFixed(3)),
  bytesPerSecSimulated: Math.round(bytes),
  receivedBytesPerSecSimulated: Math.round(received),
  bytesPerConnection: s.bytesPerConnection,
  uploadAllMs: s.uploadAllMs,
  connections: s.offloaded,
  propertyRunsPerSec: Math.round(propertyRunsPerSec(300)),
  firstCounterexample: firstCounterexamples(),
  schedulesPerSec: Math.round(schedulesPerSec(2_000)),
  node: process.version,
};
if (json) console.log(JSON.stringify(result));
else {
  const rows: Array<[string, string, string]> = [
    ['ndisCallsPerSec', result.ndisCallsPerSec.toLocaleString('en-US'), 'host + 1 IM + target, rules and trace on'],
    ['bareActorSendPerSec', result.bareActorSendPerSec.toLocaleString('en-US'), 'trivial xstate actor send(), same run'],
    ['ratio', String(result.ratio), 'goal ≥ 0.8'],
    ['actorSendsPerCall', String(result.actorSendsPerCall), 'xstate sends per NDIS call in that life cycle (one per crossing, one per scripted decision)'],
    ['xstateShare', String(result.xstateShare), 'of that life cycle\'s CPU time, in xstate\'s own code (V8 profiler)'],
    ['gcShare', String(result.gcShare), 'of that life cycle\'s CPU time, in the garbage collector'],
    ['indicationCallsPerSec', result.indicationCallsPerSec.toLocaleString('en-US'), 'indications only (target → IM1 → host)'],
    ['indicationRatio', String(result.indicationRatio), 'indications only, over the bare rate'],
    ['bytesPerSecSimulated', result.bytesPerSecSimulated.toLocaleString('en-US'), 'application bytes moved end to end through an offloaded connection, 1 IM, trace on'],
    ['receivedBytesPerSecSimulated', result.receivedBytesPerSecSimulated.toLocaleString('en-US'), 'peer bytes offered, accepted, read and returned the other way, 1 IM, trace on'],
    ['bytesPerConnection', String(result.bytesPerConnection), `heap per offloaded connection at ${result.connections.toLocaleString('en-US')}, trace off; goal ≤ 1,024`],
    ['uploadAllMs', String(result.uploadAllMs), 'NDIS_STATUS_UPLOAD_ALL of all of them back InHost; goal < 3,000'],
  ];
  rows.push(
    ['propertyRunsPerSec', result.propertyRunsPerSec.toLocaleString('en-US'), 'random runs of the properties (both checks after every step), no fault'],
    ...result.firstCounterexample.map(({ bug, runs, ms }): [string, string, string] => ['firstCounterexampleMs', String(ms), `${bug} (after ${runs} runs, before shrinking)`]),
    ['schedulesPerSec', result.schedulesPerSec.toLocaleString('en-US'), 'complete seeded-random delivery orders of the tour\'s life cycle, rules on'],
  );
  for (const [k, v, note] of rows) console.log(`${k.padEnd(28)} ${v.padStart(12)}   ${note}`);
}

/**
 * `npm run bench`: the figures the issues ask for, measured side by side in one process (these
 * machines are noisy; a ratio of two rates taken in turns is what holds).
 * - ndisCallsPerSec: NDIS calls crossing a binding per second, host + 1 IM + target, rules and trace on,
 *   over the demo tour's life cycle (offload, SendBacklogChange, Retrieve and the upload it starts).
 * - bareActorSendPerSec: a trivial xstate actor's send() rate; ratio: the first over the second.
 * - gcShare: of the life cycle's CPU time (V8 profiler, one untimed second), the part in the garbage collector.
 * - snapshotUs, fingerprintUs, restoreUs at 2 and 10 connections; createSimulationUs (bench/stateCost.ts).
 * - bytesPerSecSimulated, receivedBytesPerSecSimulated: application bytes moved each way through an
 *   offloaded connection per wall-clock second, 1 IM; retransmittedBytesPerSecSimulated: the first over a
 *   wire that drops 1 % of the segments (the retransmit timers make good every loss).
 * - bytesPerConnection, uploadAllMs: heap per offloaded connection at 100,000 connections, and
 *   NDIS_STATUS_UPLOAD_ALL bringing them all back InHost (bench/scale.ts).
 * - propertyRunsPerSec (warm), firstCounterexample, schedulesPerSec: testing speed (bench/testingSpeed.ts).
 * - pcapMbPerSec: megabytes of pcapng per second written from a long run's trace (bench/pcap.ts).
 * - checkRunsPerSec (the propertyRunsPerSec), the catalogue's counterexamples (time and length),
 *   exploredTransitionsPerSec, workersStatesRatio: chimney check and chimney explore (bench/checking.ts).
 * - reportMs (the tour, the largest scenario) and reportBytes (the tour): chimney report (bench/report.ts).
 * `npm run bench -- --json` prints one JSON object instead of the table.
 */
import { Session } from 'node:inspector/promises';
import { FAULT_NAMES } from '../src/system/faults.js';
import { performance } from 'node:perf_hooks';
import { catalogueCounterexamples, checkRunsPerSec, exploredTransitionsPerSec, workersStatesRatio } from './checking.js';
import { pcapMbPerSec } from './pcap.js';
import { rates } from './rates.js';
import { reportFigures } from './report.js';
import { scale } from './scale.js';
import { stateCosts } from './stateCost.js';
import { firstCounterexamples, propertyRunsPerSec, schedulesPerSec } from './testingSpeed.js';
import { bareActorSend, bytesMoved, bytesReceived, indicationCalls, lifeCycleCalls, retransmittedBytesMoved } from './workloads.js';

/** One second of the life cycle under the V8 sampling profiler: the share of the garbage collector. */
async function gcShare(): Promise<number> {
  const body = lifeCycleCalls();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const start = performance.now();
  while (performance.now() - start < 1000) body();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const names = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
  let total = 0;
  let gc = 0;
  profile.samples!.forEach((id, i) => {
    const dt = profile.timeDeltas![i] ?? 0;
    total += dt;
    if (names.get(id) === '(garbage collector)') gc += dt;
  });
  return Number((gc / total).toFixed(2));
}

const json = process.argv.includes('--json');
const FAULT_COUNT = FAULT_NAMES.length;
if (!(globalThis as { gc?: unknown }).gc) console.error('note: run with --expose-gc for stable memory figures');
const workloads = [bareActorSend(), lifeCycleCalls(), indicationCalls(), bytesMoved(), bytesReceived(), retransmittedBytesMoved()];
rates(workloads, 2, 150); // warm-up
const [bare, calls, indications, bytes, received, retransmitted] = rates(workloads, 10, 200) as [number, number, number, number, number, number];
const state = stateCosts([2, 10]);
const s = scale(100_000);
const pcap = pcapMbPerSec(2_000);
const report = reportFigures();
const result = {
  ndisCallsPerSec: Math.round(calls),
  bareActorSendPerSec: Math.round(bare),
  ratio: Number((calls / bare).toFixed(3)),
  gcShare: await gcShare(),
  indicationCallsPerSec: Math.round(indications),
  indicationRatio: Number((indications / bare).toFixed(3)),
  snapshotUs: { 2: state.at[2]!.snapshotUs, 10: state.at[10]!.snapshotUs },
  fingerprintUs: { 2: state.at[2]!.fingerprintUs, 10: state.at[10]!.fingerprintUs },
  restoreUs: { 2: state.at[2]!.restoreUs, 10: state.at[10]!.restoreUs },
  createSimulationUs: state.createSimulationUs,
  bytesPerSecSimulated: Math.round(bytes),
  receivedBytesPerSecSimulated: Math.round(received),
  retransmittedBytesPerSecSimulated: Math.round(retransmitted),
  bytesPerConnection: s.bytesPerConnection,
  uploadAllMs: s.uploadAllMs,
  connections: s.offloaded,
  propertyRunsPerSec: Math.round(propertyRunsPerSec(300)),
  firstCounterexample: firstCounterexamples(),
  schedulesPerSec: Math.round(schedulesPerSec(2_000)),
  checkRunsPerSec: Math.round(checkRunsPerSec(400)),
  catalogue: catalogueCounterexamples(),
  exploredTransitionsPerSec: exploredTransitionsPerSec(5_000),
  workers: workersStatesRatio(5_000),
  pcapMbPerSec: pcap.mbPerSec,
  pcapPackets: pcap.packets,
  pcapCaptureBytes: pcap.captureBytes,
  reportMs: { tour: report.tourMs, largest: report.largestMs },
  reportLargest: report.largest,
  reportBytes: report.tourBytes,
  node: process.version,
};
if (json) console.log(JSON.stringify(result));
else {
  const n = (x: number) => x.toLocaleString('en-US');
  const rows: Array<[string, string, string]> = [
    ['ndisCallsPerSec', n(result.ndisCallsPerSec), 'host + 1 IM + target, rules and trace on'],
    ['bareActorSendPerSec', n(result.bareActorSendPerSec), 'trivial xstate actor send(), same run'],
    ['ratio', String(result.ratio), 'goal ≥ 1.5'],
    ['gcShare', String(result.gcShare), "of that life cycle's CPU time, in the garbage collector"],
    ['indicationCallsPerSec', n(result.indicationCallsPerSec), 'indications only (target → IM1 → host)'],
    ['indicationRatio', String(result.indicationRatio), 'indications only, over the bare rate'],
    ['snapshotUs', `${result.snapshotUs[2]} / ${result.snapshotUs[10]}`, 'at 2 / 10 connections; goal: snapshot + fingerprint ≤ 3 at 2'],
    ['fingerprintUs', `${result.fingerprintUs[2]} / ${result.fingerprintUs[10]}`, 'at 2 / 10 connections'],
    ['restoreUs', `${result.restoreUs[2]} / ${result.restoreUs[10]}`, 'at 2 / 10 connections'],
    ['createSimulationUs', String(result.createSimulationUs), 'host + 1 IM + target; goal ≤ 30'],
    ['bytesPerSecSimulated', n(result.bytesPerSecSimulated), 'application bytes moved end to end through an offloaded connection, 1 IM, trace on'],
    ['receivedBytesPerSecSimulated', n(result.receivedBytesPerSecSimulated), 'peer bytes offered, accepted, read and returned the other way, 1 IM, trace on'],
    ['retransmittedBytesPerSecSimulated', n(result.retransmittedBytesPerSecSimulated), 'application bytes moved end to end over a wire dropping 1 % of segments (retransmit timers), 1 IM, trace on'],
    ['bytesPerConnection', String(result.bytesPerConnection), `heap per offloaded connection at ${n(result.connections)}, trace off; goal ≤ 1,024`],
    ['uploadAllMs', String(result.uploadAllMs), 'NDIS_STATUS_UPLOAD_ALL of all of them back InHost; goal < 1,000'],
    ['propertyRunsPerSec', n(result.propertyRunsPerSec), "random runs of the suite's properties (both checks after every step), no fault, warm"],
    ['checkRunsPerSec', n(result.checkRunsPerSec), 'chimney check: runs of 20 steps, 1 IM, 4 connections, every invariant after every step, warm; goal ≥ 2,000'],
    ['catalogueMsMedian', n(result.catalogue.msMedian), `chimney check to a shrunk counterexample, over ${FAULT_COUNT} faults; max ${n(result.catalogue.msMax)} (${result.catalogue.slowest}); goal: median < 1,000`],
    ['catalogueStepsMedian', String(result.catalogue.stepsMedian), `counterexample length in steps; max ${result.catalogue.stepsMax} (${result.catalogue.longest}); goal: median ≤ 8`],
    ['exploredTransitionsPerSec', n(result.exploredTransitionsPerSec.perSec), `chimney explore, BFS with fingerprints, 2 connections, 1 IM, one thread (${n(result.exploredTransitionsPerSec.states)} states in 5 s); goal ≥ 100,000`],
    ['workersStatesRatio', String(result.workers.ratio), `distinct states per second, 2 workers over 1 (${n(result.workers.two)} vs ${n(result.workers.one)})`],
    ...result.firstCounterexample.map(({ bug, runs, ms }): [string, string, string] => ['firstCounterexampleMs', String(ms), `${bug} (after ${runs} runs, before shrinking)`]),
    ['schedulesPerSec', n(result.schedulesPerSec), "complete seeded-random delivery orders of the tour's life cycle, rules on"],
    ['reportMs', `${n(result.reportMs.tour)} / ${n(result.reportMs.largest)}`, `chimney report: the tour / the largest scenario (${result.reportLargest}, ${report.largestEvents} events), median of 5`],
    ['reportBytes', n(result.reportBytes), "the tour's report, one self-contained HTML file (Mermaid 11 inlined)"],
    ['pcapMbPerSec', String(result.pcapMbPerSec), `pcapng written from a long run's trace (${n(result.pcapPackets)} packets, ${n(result.pcapCaptureBytes)} bytes a capture)`],
  ];
  for (const [k, v, note] of rows) console.log(`${k.padEnd(28)} ${v.padStart(14)}   ${note}`);
}

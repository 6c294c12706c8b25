/**
 * Replaying `peer-send` with `urgent` (reference §6.12) and `hardware-failure` (reference §6.2): the
 * step reaches the simulation (the peer's segment carries URG; the target's state for the connection
 * becomes corrupt), is narrated as a command, and what follows can be expected with the existing
 * expectations.
 */
import { describe, expect, it } from 'vitest';
import { NdisStatusEnum } from '../../../src/ndis/NDIS_STATUS.js';
import { TCP_UPLOAD_REASON } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { parseScenario } from '../../../src/scenario/parseScenario.js';
import { runScenario, type ScenarioRun } from '../../../src/scenario/runScenario.js';
import type { BlockSnapshot, CallEvent } from '../../../src/trace/TraceEvent.js';

const FILE = 'urgent.yaml';

/** A scenario with c1 (offloaded through one IM unless `offloaded` is false) and these steps, run. */
function runSteps(steps: string[], offloaded = true): ScenarioRun {
  const text = [
    'description: urgent data and corrupt hardware',
    'connections:',
    '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 4242 }',
    'steps:',
    ...(offloaded ? ['  - offload: c1', '  - deliver: all'] : []),
    ...steps.map((s) => `  - ${s}`),
  ].join('\n');
  return runScenario(parseScenario(text + '\n', FILE));
}

const failures = (run: ScenarioRun) => run.outcomes.filter((o) => !o.ok).map((o) => `${o.what}: expected ${o.expected} vs actual ${o.actual}`);
const commands = (run: ScenarioRun) => run.sim.trace.events.flatMap((e) => (e.kind === 'command' ? [e.text] : []));
/** The calls that reached the host, in order. */
const toHost = (run: ScenarioRun) => run.sim.trace.events.filter((e): e is CallEvent => e.kind === 'call' && e.callee === 'host');
const retrieveReasons = (run: ScenarioRun) =>
  toHost(run).filter((e) => e.fn === 'NdisTcpOffloadEventHandler' && e.args['EventType'] === 3).map((e) => e.args['EventSpecificInformation']);

describe('peer-send with urgent', () => {
  it('sends URG: the target asks for the upload (ReceivedUrgentData) and the data comes up the normal path after it', () => {
    const run = runSteps([
      'peer-send: { connection: c1, bytes: 10, urgent: true }',
      'deliver: all',
      'read: c1',
      'expect: { called: NdisMIndicateReceiveNetBufferLists, by: IM1, connection: c1 }',
      'expect: { connection: c1, offload: InHost, tcp: ESTABLISHED, received: 10 }',
      'expect: { bytes-lost: none }',
    ]);
    expect(failures(run)).toEqual([]);
    expect(run.passed).toBe(true);
    expect(commands(run)).toContain('the peer sends 10 bytes on tcp c1 (urgent)');
    expect(retrieveReasons(run)).toEqual([TCP_UPLOAD_REASON.ReceivedUrgentData]);
  });

  it('without urgent (or with urgent: false) sends no URG: no Retrieve, the data stays on the offload path', () => {
    const run = runSteps([
      'peer-send: { connection: c1, bytes: 10 }',
      'peer-send: { connection: c1, bytes: 10, push: false, urgent: false }',
      'deliver: all',
      'read: c1',
      'expect: { not-called: NdisTcpOffloadEventHandler }',
      'expect: { not-called: NdisMIndicateReceiveNetBufferLists }',
      'expect: { connection: c1, offload: Offloaded, received: 20 }',
    ]);
    expect(failures(run)).toEqual([]);
    expect(commands(run)).toEqual(expect.arrayContaining(['the peer sends 10 bytes on tcp c1', 'the peer sends 10 bytes on tcp c1 (no PSH)']));
  });
});

describe('hardware-failure', () => {
  const tcpNodeStatus = (e: CallEvent) => NdisStatusEnum.nameOf((e.args['OffloadBlockList'] as BlockSnapshot[]).find((b) => b.object === 'tcp c1')!.Status);

  it('corrupts the target\'s state for the connection: the next query fails, then Retrieve(HardwareFailure) and Abort', () => {
    const run = runSteps([
      'hardware-failure: c1',
      'expect: { pending: 0 }',
      'query: c1',
      'deliver: all',
      'expect: { called: NdisMQueryOffloadStateComplete, by: IM1, connection: c1, status: NDIS_STATUS_FAILURE }',
      'expect: { connection: c1, offload: InHost, tcp: CLOSED }',
      'expect: { violations: none }',
    ]);
    expect(failures(run)).toEqual([]);
    expect(commands(run)).toContain("the target's hardware state for tcp c1 becomes corrupt");
    const upward = toHost(run).map((e) => (e.fn === 'NdisTcpOffloadEventHandler' ? `${e.fn}(${String(e.args['EventType'])})` : e.fn));
    expect(upward.slice(upward.indexOf('NdisMQueryOffloadStateComplete'))).toEqual([
      'NdisMQueryOffloadStateComplete', 'NdisTcpOffloadEventHandler(3)', 'NdisTcpOffloadEventHandler(4)', 'NdisMTerminateOffloadComplete',
    ]);
    expect(retrieveReasons(run)).toEqual([TCP_UPLOAD_REASON.HardwareFailure]);
  });

  it('met first by a terminate: the terminate completes with FAILURE on the TCP node', () => {
    const run = runSteps(['hardware-failure: c1', 'upload: c1', 'deliver: all', 'expect: { connection: c1, offload: InHost, tcp: CLOSED }']);
    expect(failures(run)).toEqual([]);
    const terminate = toHost(run).filter((e) => e.fn === 'NdisMTerminateOffloadComplete');
    expect(terminate.map(tcpNodeStatus)).toEqual(['NDIS_STATUS_FAILURE']);
  });

  it('of a connection the target does not hold changes nothing: a later offload and query succeed', () => {
    const run = runSteps([
      'hardware-failure: c1',
      'offload: c1',
      'deliver: all',
      'query: c1',
      'deliver: all',
      'expect: { not-called: NdisMQueryOffloadStateComplete, status: NDIS_STATUS_FAILURE }',
      'expect: { connection: c1, offload: Offloaded, tcp: ESTABLISHED }',
    ], false);
    expect(failures(run)).toEqual([]);
    expect(run.passed).toBe(true);
  });
});

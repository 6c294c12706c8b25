/**
 * Replaying the receive-path steps: peer-send, receive, read, the `received` expectation, the
 * `status` qualifier of called / not-called, `deliver: { call: timer }`, the `receive-buffer` host
 * policy, and a peer-send the simulation refuses while running (bad input at its step, not a crash).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/parseScenario.js';
import { runScenario, type ScenarioRun } from '../../../src/scenario/runScenario.js';
import { ScenarioInputError } from '../../../src/scenario/ScenarioInputError.js';

const FILE = 'receive.yaml';

/** A scenario with c1 (offloaded through one IM) and these steps, run; `topology` lines go under `topology:`. */
function runSteps(steps: string[], topology: string[] = []): ScenarioRun {
  const text = [
    'description: the receive path',
    ...(topology.length ? ['topology:', ...topology.map((l) => `  ${l}`)] : []),
    'connections:',
    '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 4242 }',
    'steps:',
    '  - offload: c1',
    '  - deliver: all',
    ...steps.map((s) => `  - ${s}`),
  ].join('\n');
  return runScenario(parseScenario(text + '\n', FILE));
}

/** The outcomes of the run as `what: expected / actual`, failures only. */
const failures = (run: ScenarioRun) => run.outcomes.filter((o) => !o.ok).map((o) => `${o.what}: expected ${o.expected} vs actual ${o.actual}`);

describe('received', () => {
  it('counts the bytes of the peer stream the application has, in order, and says so when it differs', () => {
    const run = runSteps([
      'receive: { connection: c1, bytes: 100 }',
      'peer-send: { connection: c1, bytes: 40 }',
      'expect: { connection: c1, received: 0 }',
      'deliver: all',
      'expect: { connection: c1, received: 40 }',
      'expect: { connection: c1, received: 41 }',
    ]);
    expect(failures(run)).toEqual(["bytes of the peer's stream on c1 the application received: expected 41 vs actual 40"]);
    expect(run.outcomes.filter((o) => !o.ok).map((o) => o.position.line)).toEqual([12]);
  });

  it('follows reads of offered data: up to bytes, then everything', () => {
    const run = runSteps([
      'peer-send: { connection: c1, bytes: 300 }',
      'deliver: all',
      'read: { connection: c1, bytes: 120 }',
      'expect: { connection: c1, received: 120 }',
      'read: c1',
      'expect: { connection: c1, received: 300 }',
      'expect: { bytes-lost: none }',
    ]);
    expect(failures(run)).toEqual([]);
    expect(run.passed).toBe(true);
  });
});

describe('status, with called / not-called', () => {
  const steps = [
    'peer-send: { connection: c1, bytes: 150 }',
    'deliver: all',
  ];

  it('matches what a call returned (NdisTcpOffloadReceiveHandler) under receive-buffer', () => {
    const run = runSteps([
      ...steps,
      'expect: { called: NdisTcpOffloadReceiveHandler, by: IM1, connection: c1, status: NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED }',
      'expect: { not-called: NdisTcpOffloadReceiveHandler, status: NDIS_STATUS_SUCCESS }',
      'expect: { called: NdisTcpOffloadReceiveHandler, status: NDIS_STATUS_SUCCESS }',
    ], ['receive-buffer: 100']);
    expect(failures(run)).toEqual([
      'calls of NdisTcpOffloadReceiveHandler with NDIS_STATUS_SUCCESS: expected at least one vs actual none',
    ]);
  });

  it('takes the default receive buffer (65,535) when receive-buffer is absent', () => {
    const run = runSteps([...steps, 'expect: { called: NdisTcpOffloadReceiveHandler, status: NDIS_STATUS_SUCCESS }']);
    expect(failures(run)).toEqual([]);
  });

  it("matches the Status of a completion's NBLs, not the indication's own Status argument", () => {
    const run = runSteps([
      'receive: { connection: c1, bytes: 100, no-push: true }',
      'peer-rst: c1',
      'deliver: all',
      'expect: { called: NdisTcpOffloadReceiveComplete, by: target, connection: c1, status: NDIS_STATUS_REQUEST_ABORTED }',
      'expect: { not-called: NdisTcpOffloadReceiveComplete, status: NDIS_STATUS_SUCCESS }',
      // NdisTcpOffloadReceiveHandler was never called, whatever its Status argument would have been
      'expect: { not-called: NdisTcpOffloadReceiveHandler, status: NDIS_STATUS_SUCCESS }',
      'expect: { called: NdisOffloadTcpReceive, by: host, status: NDIS_STATUS_PENDING }',
    ]);
    expect(failures(run)).toEqual([]);
  });

  it("matches the Status a state-operation completion writes on a node; with connection, only that connection's TCP node", () => {
    const text = [
      'description: a rejected initiate',
      'connections:',
      '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 4242 }',
      'steps:',
      '  - fail-next-offload: { connection: c1, status: NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED }',
      '  - offload: c1',
      '  - deliver: all',
      '  - expect: { called: NdisMInitiateOffloadComplete, by: target, connection: c1, status: NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED }',
      '  - expect: { called: NdisMInitiateOffloadComplete, status: NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED }',
      // the neighbor and path nodes of the same call did not fail; the TCP node of c1 did
      '  - expect: { called: NdisMInitiateOffloadComplete, status: NDIS_STATUS_SUCCESS }',
      '  - expect: { not-called: NdisMInitiateOffloadComplete, connection: c1, status: NDIS_STATUS_SUCCESS }',
      '  - expect: { called: NdisMInitiateOffloadComplete, connection: c1, status: NDIS_STATUS_FAILURE }',
    ].join('\n');
    const run = runScenario(parseScenario(text + '\n', FILE));
    expect(failures(run)).toEqual([
      'calls of NdisMInitiateOffloadComplete with NDIS_STATUS_FAILURE about c1: expected at least one vs actual none',
    ]);
  });
});

describe('deliver: { call: timer }', () => {
  it("delivers the connection's push timer", () => {
    const run = runSteps([
      'receive: { connection: c1, bytes: 100 }',
      'peer-send: { connection: c1, bytes: 10, push: false }',
      'deliver: { call: segment, connection: c1 }',
      'expect: { connection: c1, received: 0 }',
      'deliver: { call: timer, connection: c1 }',
      'deliver: all',
      'expect: { connection: c1, received: 10 }',
    ]);
    expect(failures(run)).toEqual([]);
  });

  it('is bad input at its step when no timer is pending', () => {
    expect(() => runSteps(['deliver: { call: timer, connection: c1 }'])).toThrow(ScenarioInputError);
  });
});

describe('peer-send the simulation refuses', () => {
  it('after the host reset the connection, is bad input at its step, naming why', () => {
    let error: unknown;
    try {
      runSteps(['disconnect: { connection: c1, abortive: true }', 'deliver: all', 'peer-send: { connection: c1, bytes: 10 }']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioInputError);
    expect((error as ScenarioInputError).problems).toEqual([
      { file: FILE, line: 9, col: 5, message: expect.stringMatching(/^peer-send: the peer has already reset tcp c1/) },
    ]);
  });
});

/**
 * Every NdisTcpOffloadEventHandler indication's effect on the host's TCB, through a full simulation
 * (host, one intermediate driver, target). Reference §2.2, §2.3, §6.
 */
import { describe, expect, it } from 'vitest';
import type { HostPolicy } from '../../../src/layers/host/decisions/HostPolicy.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { MIB_TCP_STATE, TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import { createSimulation } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';

function offloaded(state?: number, hostPolicy?: Partial<HostPolicy>): Simulation {
  const sim = createSimulation({ intermediateDrivers: 1, ...(hostPolicy ? { hostPolicy } : {}) });
  sim.addConnection({
    id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 42,
    ...(state !== undefined ? { state } : {}),
  });
  sim.offload('1');
  sim.run();
  expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
  return sim;
}

describe('TcpIndicateSendBacklogChange', () => {
  it.each([0, 1, 8192, 0xffff_ffff])('records sendBacklog %i and stays Offloaded', (value) => {
    const sim = offloaded();
    sim.indicate('1', E.TcpIndicateSendBacklogChange, value);
    sim.run();
    expect(sim.connection('1').sendBacklog).toBe(value);
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
    expect(sim.violations).toEqual([]);
  });
});

describe('TcpIndicateDisconnect', () => {
  it.each([
    ['ESTABLISHED', TCPSTATE.TCPSTATE_ESTABLISHED, TCPSTATE.TCPSTATE_CLOSE_WAIT],
    ['FIN_WAIT_1', TCPSTATE.TCPSTATE_FIN_WAIT_1, TCPSTATE.TCPSTATE_CLOSING],
    ['FIN_WAIT_2', TCPSTATE.TCPSTATE_FIN_WAIT_2, TCPSTATE.TCPSTATE_TIME_WAIT],
  ])('%s -> %i, stays Offloaded', (_name, from, to) => {
    const sim = offloaded(from);
    expect(sim.connection('1').tcp).toBe(from);
    sim.indicate('1', E.TcpIndicateDisconnect);
    sim.run();
    expect(sim.connection('1').tcp).toBe(to);
    expect(sim.connection('1').disconnectIndicated).toBe(true);
    expect(sim.connection('1').offload).toBe(2);
    expect(sim.violations).toEqual([]);
  });

  it('the expected TCPSTATE values', () => {
    expect([TCPSTATE.TCPSTATE_CLOSE_WAIT, TCPSTATE.TCPSTATE_CLOSING, TCPSTATE.TCPSTATE_TIME_WAIT]).toEqual([7, 8, 10]);
  });
});

const MANDATORY = ['ReceivedUrgentData', 'TimeoutExpiration', 'InvalidState', 'UploadRequested', 'HardwareFailure'] as const;
const OPTIONAL = ['LowActivity', 'HighDropRate', 'SmallIO', 'NoBufferPreposting', 'HighFragmentation', 'HighOutOfOrderPackets'] as const;

describe('TcpIndicateRetrieve', () => {
  it.each(MANDATORY)('mandatory %s -> InHost', (reason) => {
    const sim = offloaded();
    sim.indicate('1', E.TcpIndicateRetrieve, R[reason]);
    sim.run();
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.targetUsage().Tcp).toBe(0);
    expect(sim.violations).toEqual([]);
  });

  it.each(MANDATORY)('mandatory %s -> InHost even with optionalRetrieve: keep', (reason) => {
    const sim = offloaded(undefined, { optionalRetrieve: 'keep' });
    sim.indicate('1', E.TcpIndicateRetrieve, R[reason]);
    sim.run();
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.violations).toEqual([]);
  });

  it.each(OPTIONAL)('optional %s -> InHost with the default policy', (reason) => {
    const sim = offloaded();
    sim.indicate('1', E.TcpIndicateRetrieve, R[reason]);
    sim.run();
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.violations).toEqual([]);
  });

  it.each(OPTIONAL)('optional %s -> stays Offloaded with optionalRetrieve: keep', (reason) => {
    const sim = offloaded(undefined, { optionalRetrieve: 'keep' });
    sim.indicate('1', E.TcpIndicateRetrieve, R[reason]);
    sim.run();
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
    expect(sim.targetUsage().Tcp).toBe(1);
    expect(sim.violations).toEqual([]);
  });
});

describe('TcpIndicateAbort', () => {
  it('-> TCP CLOSED: the row shows DELETE_TCB while it is uploaded; back in the host the TCB is deleted and the row is gone', () => {
    const sim = offloaded();
    sim.indicate('1', E.TcpIndicateAbort);
    sim.deliver(); // the Abort crosses: CLOSED, and the host terminates the offload
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateUploading);
    const during = sim.tcpTableEntries();
    expect(during).toHaveLength(1);
    expect(during[0]!.state).toBe(MIB_TCP_STATE.MIB_TCP_STATE_DELETE_TCB);
    expect(during[0]!.state).toBe(12);
    sim.run();
    const c = sim.connection('1');
    expect(c.tcp).toBe(TCPSTATE.TCPSTATE_CLOSED);
    expect(c.aborted).toBe(true);
    expect(c.offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.tcpTableEntries()).toEqual([]);
    expect(sim.violations).toEqual([]);
  });
});

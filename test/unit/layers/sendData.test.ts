/** Outstanding send data across offload and upload (reference §6.1, §6.2 step 3, §6.6). */
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';
import { checkNoByteLost } from '../../../src/invariants/noByteLost.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { BlockSnapshot, CallEvent, ReturnEvent } from '../../../src/trace/TraceEvent.js';

function sim1(options: SimulationOptions = {}) {
  const sim = createSimulation({ intermediateDrivers: 1, ...options });
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  return sim;
}
const calls = (sim: ReturnType<typeof sim1>, fn: string) => sim.trace.events.filter((e): e is CallEvent => e.kind === 'call' && e.fn === fn);

describe('send data handed down on initiate and back on terminate', () => {
  it('bytes written before the offload go down with the TCP block; the target then holds them', () => {
    const sim = sim1();
    sim.send('c1', 100);
    sim.send('c1', 50);
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [[0, 100], [100, 150]], target: [] });
    sim.offload('c1');
    const tcpNode = (calls(sim, 'NdisInitiateOffload')[0]!.args.OffloadBlockList as BlockSnapshot[]).find((b) => b.object === 'tcp c1');
    expect(tcpNode?.NetBufferListChain).toBe('NBL#1[0..100), NBL#2[100..150)');
    sim.run();
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [], target: [[0, 100], [100, 150]] });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('the terminate hands the same NBLs back in order; the host holds every byte again', () => {
    const sim = sim1();
    sim.send('c1', 100);
    sim.offload('c1');
    sim.run();
    sim.send('c1', 30);
    sim.upload('c1');
    sim.run();
    expect(sim.connection('c1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.sendHoldings('c1')).toMatchObject({ appBytes: 130, host: [[0, 100], [100, 130]], target: [] });
    expect(sim.returnedDelegatedState('c1')?.SndUna).toBe(0);
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('when the initiate fails the host keeps ownership of what it handed down', () => {
    const sim = sim1();
    sim.send('c1', 70);
    sim.planInitiateFailure('c1', NDIS_STATUS.NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED);
    sim.offload('c1');
    sim.run();
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [[0, 70]], target: [] });
    expect(checkNoByteLost(sim)).toEqual([]);
  });
});

describe('NdisOffloadTcpSend while offloaded', () => {
  it.each([0, 1, 3])('with %i intermediate drivers: the same NBL crosses every layer and NDIS_STATUS_PENDING comes back', (n) => {
    const sim = sim1({ intermediateDrivers: n });
    sim.offload('c1');
    sim.run();
    sim.send('c1', 10);
    const sends = calls(sim, 'NdisOffloadTcpSend');
    expect(sends).toHaveLength(n + 1);
    expect(new Set(sends.map((c) => c.args.NetBufferList))).toEqual(new Set(['NBL#1[0..10)']));
    const returns = sim.trace.events.filter((e): e is ReturnEvent => e.kind === 'return');
    expect(returns.map((r) => r.Status)).toEqual(Array(n + 1).fill(NDIS_STATUS.NDIS_STATUS_PENDING));
    expect(returns.at(-1)?.caller).toBe('host');
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [], target: [[0, 10]] });
    expect(sim.violations).toEqual([]);
  });

  it('bytes written while the offload is in flight wait in the host and are posted, in order, once it completes', () => {
    const sim = sim1();
    sim.send('c1', 10);
    sim.offload('c1');
    sim.send('c1', 20);
    sim.send('c1', 30);
    expect(calls(sim, 'NdisOffloadTcpSend')).toHaveLength(0);
    sim.run();
    expect(calls(sim, 'NdisOffloadTcpSend').filter((c) => c.caller === 'host').map((c) => c.args.NetBufferList)).toEqual(['NBL#2[10..30)', 'NBL#3[30..60)']);
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [], target: [[0, 10], [10, 30], [30, 60]] });
    expect(sim.violations).toEqual([]);
  });

  it('a send that reaches the target after it asked for a mandatory upload completes with UPLOAD_IN_PROGRESS; the host takes it back', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.indicate('c1', E.TcpIndicateRetrieve, R.UploadRequested); // the host has not seen it yet
    sim.send('c1', 40);
    const completion = sim.pending().find((p) => p.fn === 'NdisTcpOffloadSendComplete');
    expect(completion).toBeDefined();
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [], target: [], completing: [[0, 40]] });
    expect(checkNoByteLost(sim)).toEqual([]);
    sim.run();
    expect(sim.connection('c1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [[0, 40]], target: [] });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });
});

describe('a target that drops the send chain on upload', () => {
  it('loses bytes, and the checker says which', () => {
    const sim = sim1({ targetDropsSendChainOnUpload: true });
    sim.send('c1', 100);
    sim.offload('c1');
    sim.run();
    sim.upload('c1');
    sim.run();
    expect(checkNoByteLost(sim)).toEqual([{ connection: 'c1', message: 'bytes [0, 100) are nowhere (lost)' }]);
  });
});

/**
 * The relays an intermediate driver owes the layer above (reference §7.5), through full simulations: an
 * event, a receive indication or a status indication an intermediate driver drops is found and blamed
 * on it; the reference pass-through driver, one or several, breaks none of these rules.
 */
import { describe, expect, it } from 'vitest';
import type { IntermediateDriver } from '../../../src/drivers/IntermediateDriver.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';

function offloaded(options: SimulationOptions): Simulation {
  const sim = createSimulation(options);
  sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
  sim.offload('1');
  sim.run();
  expect(sim.violations).toEqual([]);
  return sim;
}

const found = (sim: Simulation) => sim.violations.map((v) => [v.rule, v.layer, v.objects]);

describe('an intermediate driver that swallows an indication', () => {
  it('ProtocolTcpOffloadEvent returning without a relay: the Retrieve never reaches the host, and IM1 is blamed', () => {
    const swallowing: IntermediateDriver = { name: 'swallowing', ProtocolTcpOffloadEvent: () => undefined };
    const sim = offloaded({ intermediateDrivers: [swallowing] });
    sim.indicate('1', E.TcpIndicateRetrieve, R.UploadRequested);
    sim.run();
    sim.checkQuiescence();
    expect(found(sim)).toEqual([['im-relays-tcp-offload-event', 'IM1', ['tcp 1']]]);
    expect(sim.violations[0]!.detail).toContain('TcpIndicateRetrieve(UploadRequested');
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded); // the host never heard it
  });

  it('is found at the next call up through the driver, before that call, when one comes before quiescence', () => {
    const sim = offloaded({ faults: ['im-swallows-tcp-offload-event'] });
    sim.indicate('1', E.TcpIndicateSendBacklogChange, 65536);
    sim.peerSend('1', 100); // the target indicates the data after the event
    sim.deliverAll();
    const events = sim.trace.events;
    const violation = events.findIndex((e) => e.kind === 'violation');
    const next = events.findIndex((e) => e.kind === 'call' && e.fn === 'NdisTcpOffloadReceiveHandler' && e.caller === 'target');
    expect(found(sim)).toEqual([['im-relays-tcp-offload-event', 'IM1', ['tcp 1']]]);
    expect(violation).toBeGreaterThan(0);
    expect(violation).toBe(next - 1);
    sim.checkQuiescence();
    expect(sim.violations).toHaveLength(1); // reported once
  });

  it.each([
    ['im-swallows-tcp-offload-event', 'im-relays-tcp-offload-event', (sim: Simulation) => sim.indicate('1', E.TcpIndicateAbort)],
    ['im-swallows-receive-indication', 'im-relays-receive-indication', (sim: Simulation) => sim.peerSend('1', 300)],
    ['im-swallows-status-indication', 'im-relays-status-indication', (sim: Simulation) => sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL)],
  ] as const)('the fault %s breaks %s, blamed on the lowest driver (the first to drop it)', (fault, rule, act) => {
    const sim = offloaded({ intermediateDrivers: 2, faults: [fault] });
    act(sim);
    sim.run();
    expect(sim.violations.map((v) => [v.rule, v.layer])).toEqual([[rule, 'IM2']]);
  });
});

describe('the reference pass-through drivers relay everything', () => {
  it.each([1, 3])('with %i driver(s): events, data, statuses and the upload they cause break no rule', (ims) => {
    const sim = offloaded({ intermediateDrivers: ims });
    sim.indicate('1', E.TcpIndicateSendBacklogChange, 65536);
    sim.peerSend('1', 300);
    sim.postReceive('1', 100);
    sim.peerSend('1', 200);
    sim.run();
    sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE);
    sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME);
    sim.indicate('1', E.TcpIndicateRetrieve, R.UploadRequested);
    sim.run();
    expect(sim.violations).toEqual([]);
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
  });
});

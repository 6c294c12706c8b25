/**
 * The §8 ordering rules judged from more than NDIS calls (items 7, 10, 11, 13, 15) through full
 * simulations: quiet for the reference drivers where a race makes them look broken, and blaming the
 * layer that broke them — not an intermediate driver that passed the call on.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';

function offloaded(options: SimulationOptions = {}): Simulation {
  const sim = createSimulation(options);
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  sim.offload('c1');
  sim.run();
  return sim;
}

const blamed = (sim: Simulation) => sim.violations.map((v) => `${v.rule} ${v.layer}`);

describe('posted-receives-filled-before-indication', () => {
  it('is quiet for a buffer posted while the receive indication was already waiting in the scheduler', () => {
    const sim = offloaded({ intermediateDrivers: 2 });
    sim.peerSend('c1', 50);
    sim.deliver(); // the target takes the 50 bytes and offers them up: the indication waits in the scheduler
    expect(sim.pending().some((p) => p.fn === 'NdisTcpOffloadReceiveHandler')).toBe(true);
    sim.postReceive('c1', 100); // reaches the target before the indication crosses
    sim.run();
    expect(sim.violations).toEqual([]);
  });

  it('blames the target only, not the two intermediate drivers that pass its indication up', () => {
    const sim = offloaded({ intermediateDrivers: 2, faults: ['target-indicates-before-filling-posted'] });
    sim.postReceive('c1', 100);
    sim.peerSend('c1', 40);
    sim.run();
    expect(blamed(sim)).toEqual(['posted-receives-filled-before-indication target']);
  });
});

describe('terminate-completes-after-outstanding-io', () => {
  it('is quiet when the target completes posted receives and hands the send data back', () => {
    const sim = offloaded({ intermediateDrivers: 1 });
    sim.postReceive('c1', 100);
    sim.send('c1', 300);
    sim.upload('c1');
    sim.run();
    expect(sim.violations).toEqual([]);
  });

  it('blames the target, which holds the buffer, not the intermediate driver', () => {
    const sim = offloaded({ intermediateDrivers: 1, faults: ['target-forgets-receives-on-terminate'] });
    sim.postReceive('c1', 100);
    sim.upload('c1');
    sim.run();
    expect(blamed(sim)).toEqual(['terminate-completes-after-outstanding-io target']);
  });
});

describe('disconnect-indicated-after-data-before-fin', () => {
  it("is quiet for the reference target: data, then the peer's FIN", () => {
    const sim = offloaded({ intermediateDrivers: 1 });
    sim.peerSend('c1', 100);
    sim.peerSend('c1', 50);
    sim.peerFin('c1');
    sim.run();
    expect(sim.violations).toEqual([]);
  });
});

describe('target-rst-only-for-abortive-disconnect', () => {
  it("is quiet for the RST of the host's abortive disconnect, and for the peer's RST", () => {
    const sim = offloaded({ intermediateDrivers: 1 });
    sim.disconnect('c1', true);
    sim.run();
    const other = offloaded();
    other.peerRst('c1');
    other.run();
    expect([...sim.violations, ...other.violations]).toEqual([]);
  });
});

describe('resources-kept-until-terminate', () => {
  it('is quiet when the reset connection is queried, then uploaded', () => {
    const sim = offloaded({ intermediateDrivers: 1 });
    sim.peerRst('c1');
    sim.deliver(); // the RST reaches the target; its TcpIndicateAbort waits
    sim.query('c1');
    sim.run();
    expect(sim.violations).toEqual([]);
  });

  it('is quiet when a query that met corrupt hardware completes with FAILURE after the reset it led to crossed (reference §6.2)', () => {
    const sim = offloaded({ intermediateDrivers: 1 });
    sim.hardwareFailure('c1');
    sim.query('c1');
    sim.query('c1');
    const [first, second] = sim.pending().filter((p) => p.fn === 'NdisMQueryOffloadStateComplete');
    sim.deliverItem(second!.id); // its return sets off TcpIndicateRetrieve(HardwareFailure), then TcpIndicateAbort
    for (let p = sim.pending().find((x) => x.fn === 'NdisTcpOffloadEventHandler'); p; p = sim.pending().find((x) => x.fn === 'NdisTcpOffloadEventHandler')) sim.deliverItem(p.id);
    expect(sim.rules.monitor.tcp('tcp c1')).toMatchObject({ reset: true, hardwareFailure: true });
    sim.deliverItem(first!.id); // the first query's FAILURE crosses after the reset
    sim.run();
    expect(sim.violations).toEqual([]);
  });

  it('counts an abortive disconnect the target gave back (NDIS_STATUS_UPLOAD_IN_PROGRESS) as no reset', () => {
    const sim = offloaded({ intermediateDrivers: 1 });
    sim.peerSend('c1', 4, true, true); // urgent data: the target asks for a mandatory upload
    sim.deliver();
    sim.disconnect('c1', true);
    sim.run();
    expect(sim.rules.monitor.tcp('tcp c1')).toMatchObject({ abortive: true });
    expect(sim.rules.monitor.tcp('tcp c1')?.reset).toBeUndefined();
    expect(sim.violations).toEqual([]);
  });
});

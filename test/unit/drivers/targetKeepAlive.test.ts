/** The target's keepalive timer: probes the peer answers start it over; KaProbeCount unanswered probes ask for the upload (TimeoutExpiration). */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/system/createSimulation.js';
import { TCP_UPLOAD_REASON } from '../../../src/ndis/TCP_UPLOAD_REASON.js';

function keepAliveConnection(wire?: object) {
  const sim = createSimulation({ hostPolicy: { keepAlive: true }, ...(wire ? { wire } : {}) });
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  sim.offload('c1');
  sim.deliver(); // the initiate completion: the keepalive timer runs
  return sim;
}

const probes = (sim: ReturnType<typeof keepAliveConnection>) => sim.trace.events.filter((e) => e.kind === 'decision' && e.text.includes('sends keepalive probe')).length;

describe('the target keepalive timer', () => {
  it('runs only with SO_KEEPALIVE, fires after KaTimeout (2 h) and the peer answers the probe', () => {
    const sim = keepAliveConnection();
    expect(sim.scheduler.all().map((i) => (i.call.fn === 'timer' ? i.call.TimerObject : i.fn))).toEqual(['keepalive timer of tcp c1']);
    sim.deliver();
    expect(sim.clock.now()).toBeGreaterThanOrEqual(7_200_000_000);
    expect(probes(sim)).toBe(1);
    sim.deliver(); // the probe
    sim.deliver(); // the peer's ACK: the timer starts over
    expect(sim.scheduler.all().map((i) => (i.call.fn === 'timer' ? i.call.TimerObject : i.fn))).toEqual(['keepalive timer of tcp c1']);
    sim.upload('c1');
    sim.run();
    expect(sim.returnedDelegatedState('c1')!.KeepAlive.ProbeCount).toBe(0);
    expect(sim.returnedDelegatedState('c1')!.KeepAlive.TimeoutDelta).toBe(7_200_000); // the ticks it had left: all of KaTimeout
  });

  it('asks for the upload with TimeoutExpiration once KaProbeCount (10) probes went unanswered', () => {
    const sim = keepAliveConnection({});
    for (let i = 0; i < 10; i++) sim.wireFault('drop', 'peer');
    sim.run(); // ten probes, ten answers lost, then the Retrieve and the upload
    expect(probes(sim)).toBe(10);
    const retrieve = sim.trace.events.find((e) => e.kind === 'call' && e.fn === 'NdisTcpOffloadEventHandler');
    expect(retrieve && retrieve.kind === 'call' && retrieve.args).toMatchObject({ EventType: 3, EventSpecificInformation: TCP_UPLOAD_REASON.TimeoutExpiration });
    expect(TCP_UPLOAD_REASON.TimeoutExpiration).toBe(8);
    expect(sim.connection('c1').offload).toBe(0);
  });
});

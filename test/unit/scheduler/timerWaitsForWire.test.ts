/** A TCP timer (afterSegmentsOf) waits while a segment of its connection is on the wire, even under FIFO, and NdisCancelTimerObject takes it away. */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/system/createSimulation.js';

function offloadedOnLossyWire() {
  const sim = createSimulation({ wire: {} });
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  sim.offload('c1');
  sim.run();
  return sim;
}

describe('a TCP timer and the wire', () => {
  it('the retransmit timer is not enabled while the segment it guards is on the wire, and is cancelled by the ACK', () => {
    const sim = offloadedOnLossyWire();
    sim.send('c1', 100);
    const timer = sim.scheduler.all().find((i) => i.kind === 'timer')!;
    expect(timer.call.fn === 'timer' && timer.call.TimerObject).toBe('retransmit timer of tcp c1');
    expect(sim.scheduler.enabled().map((i) => i.id)).not.toContain(timer.id);
    sim.run(); // FIFO: the segment, the peer's ACK, the send completion — never the timer
    expect(sim.scheduler.size).toBe(0);
    expect(sim.trace.events.some((e) => e.kind === 'decision' && e.text.includes('expires'))).toBe(false);
    expect(sim.connection('c1').offload).toBe(2);
  });

  it('on a wire that loses nothing no retransmit timer is armed', () => {
    const sim = createSimulation();
    sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
    sim.offload('c1');
    sim.run();
    sim.send('c1', 100);
    expect(sim.scheduler.all().some((i) => i.kind === 'timer')).toBe(false);
  });

  it('a dropped segment lets the timer fire: the target sends it again, with the delegated Retransmit count', () => {
    const sim = offloadedOnLossyWire();
    sim.wireFault('drop', 'target');
    sim.send('c1', 100);
    sim.deliver(); // the segment, lost
    expect(sim.scheduler.enabled().map((i) => i.kind)).toEqual(['timer']);
    sim.run();
    expect(sim.sendHoldings('c1').acked).toBe(100);
    expect(sim.trace.events.some((e) => e.kind === 'decision' && e.text.startsWith('retransmit timer expired (retransmission 1)'))).toBe(true);
  });

  it('the terminate hands the running timer back with the ticks it had left, and the host goes on with it', () => {
    const sim = offloadedOnLossyWire();
    sim.wireFault('drop', 'target');
    sim.send('c1', 100);
    sim.deliver(); // the segment, lost
    sim.upload('c1');
    sim.deliver(); // the terminate completion (the timer waits behind nothing but is younger)
    const returned = sim.returnedDelegatedState('c1')!;
    expect(returned.Retransmit.Count).toBe(0);
    expect(returned.Retransmit.TimeoutDelta).toBeGreaterThan(0);
    expect(returned.Retransmit.TimeoutDelta).toBeLessThanOrEqual(1000); // ticks of 1 ms: less than the 1 s RTO
    sim.run();
    expect(sim.sendHoldings('c1').acked).toBe(100);
    expect(sim.trace.events.some((e) => e.kind === 'decision' && e.layer === 'host' && e.text.startsWith('retransmit timer expired'))).toBe(true);
  });
});

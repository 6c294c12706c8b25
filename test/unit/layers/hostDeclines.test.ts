/**
 * Told to do what the rules forbid, the reference host stack makes no NDIS call and says why in a
 * decision (reference §6.3, §8 items 3, 5 and 6; §6.10 for the pause).
 */
import { describe, expect, it } from 'vitest';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { createSimulation } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';

function sim1(): Simulation {
  const sim = createSimulation({ intermediateDrivers: 1 });
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  return sim;
}

const offloaded = (sim: Simulation) => {
  sim.offload('c1');
  sim.run();
};

/** The host's NDIS requests from the trace, and its decisions, from event `from` on. */
function after(sim: Simulation, from: number) {
  const events = sim.trace.events.slice(from);
  return {
    requests: events.flatMap((e) => (e.kind === 'call' && e.caller === 'host' ? [e.fn] : [])),
    decisions: events.flatMap((e) => (e.kind === 'decision' && e.layer === 'host' ? [e.text] : [])),
  };
}

describe('the host declines operations the rules forbid', () => {
  it.each([
    { what: 'a query of a connection in the host', given: () => {}, act: (s: Simulation) => s.query('c1'), says: 'does not query tcp c1: it is InHost' },
    { what: 'an update of a connection being offloaded', given: (s: Simulation) => s.offload('c1'), act: (s: Simulation) => s.update('c1', {}), says: 'does not update tcp c1: it is Offloading' },
    {
      what: 'an invalidate of a connection being uploaded', given: (s: Simulation) => (offloaded(s), s.upload('c1')),
      act: (s: Simulation) => s.invalidate('c1'), says: 'does not invalidate tcp c1: it is Uploading',
    },
    {
      what: 'a second update while one is in flight', given: (s: Simulation) => (offloaded(s), s.update('c1', {})),
      act: (s: Simulation) => s.update('c1', {}), says: 'does not update tcp c1: an update of it is still in flight (one at a time)',
    },
    {
      what: 'an update of a connection it invalidated', given: (s: Simulation) => (offloaded(s), s.invalidate('c1')),
      act: (s: Simulation) => s.update('c1', {}), says: 'does not update tcp c1: the host invalidated it (the target will ask to upload it)',
    },
    {
      what: 'a second invalidate of a path', given: (s: Simulation) => (offloaded(s), s.invalidate('c1', 'Path')),
      act: (s: Simulation) => s.invalidate('c1', 'Path'), says: 'does not invalidate path 10.0.0.2: the host invalidated it (the target will ask to upload it)',
    },
  ])('$what: no call, and a decision saying why', ({ given, act, says }) => {
    const sim = sim1();
    given(sim);
    const from = sim.trace.events.length;
    act(sim);
    expect(after(sim, from)).toEqual({ requests: [], decisions: [says] });
    sim.run();
    expect(sim.violations).toEqual([]);
  });

  it('once the first update has completed, the next one goes', () => {
    const sim = sim1();
    offloaded(sim);
    sim.update('c1', {});
    sim.run();
    const from = sim.trace.events.length;
    sim.update('c1', {});
    expect(after(sim, from).requests).toEqual(['NdisUpdateOffload']);
  });

  it.each([
    {
      what: 'of a path it invalidated', given: (s: Simulation) => s.invalidate('c1', 'Path'),
      why: 'the host invalidated it',
    },
    {
      what: 'to a neighbor not offloaded, while the target paused offloads', given: (s: Simulation) => (s.indicateStatus(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE), s.run()),
      why: 'neighbor 10.0.0.254 cannot be offloaded while the target paused offloads',
    },
  ])('a re-link $what gives up: the path and its connections are uploaded, and the path takes the new next hop in the host', ({ given, why }) => {
    const sim = sim1();
    offloaded(sim);
    given(sim);
    const from = sim.trace.events.length;
    sim.relink('c1', '10.0.0.254');
    expect(after(sim, from)).toEqual({
      requests: ['NdisTerminateOffload'],
      decisions: [`gives up re-linking path 10.0.0.2: ${why}; uploads it and its connections, then it goes through neighbor 10.0.0.254`],
    });
    sim.run();
    expect(after(sim, from).decisions).toContain('path 10.0.0.2 now goes through neighbor 10.0.0.254 (back in the host: no NDIS call needed)');
    expect(sim.violations).toEqual([]);
  });

  it('a re-link waiting for its new neighbor\'s offload gives up if the host invalidates the path meanwhile (no update of an invalidated path)', () => {
    const sim = sim1();
    offloaded(sim);
    sim.relink('c1', '10.0.0.254'); // offloads the new neighbor first
    sim.invalidate('c1', 'Path');
    const from = sim.trace.events.length;
    sim.run();
    const { requests, decisions } = after(sim, from);
    expect(requests).not.toContain('NdisUpdateOffload');
    expect(decisions).toContain('gives up re-linking path 10.0.0.2: the host invalidated it meanwhile; uploads it and its connections, then it goes through neighbor 10.0.0.254');
    expect(sim.violations).toEqual([]);
  });

  it('a second re-link while the first is in progress waits its turn (no second update)', () => {
    const sim = sim1();
    offloaded(sim);
    sim.relink('c1', '10.0.0.254');
    const from = sim.trace.events.length;
    sim.relink('c1', '10.0.0.253');
    expect(after(sim, from)).toEqual({
      requests: [],
      decisions: ['does not re-link path 10.0.0.2 to neighbor 10.0.0.253 now: its re-link to neighbor 10.0.0.254 is still in progress (one update at a time)'],
    });
    sim.run();
    expect(sim.violations).toEqual([]);
  });
});

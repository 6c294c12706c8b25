/**
 * The host updates an offloaded path's PathMtu (ICMP PMTU) and a neighbor's MAC (ARP / ND) with
 * NdisUpdateOffload of that one object (reference §6.3): the target keeps the new cached values, one
 * update of an object is in flight at a time, and a later offload carries the host's new values.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';

function offloaded(): Simulation {
  const sim = createSimulation({ intermediateDrivers: 1 });
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  sim.offload('c1');
  sim.deliverAll();
  return sim;
}

/** The cached state the target keeps for its path and neighbor objects. */
function targetCached(sim: Simulation): unknown[] {
  const target = (sim.liveState.layers as unknown as Array<{ objects?: Array<{ layer: string; state: { Cached: unknown } | null } | null> }>).at(-1)!;
  return (target.objects ?? []).flatMap((o) => (o && o.layer !== 'Tcp' && o.state ? [o.state.Cached] : []));
}

const updates = (sim: Simulation, by: string) => sim.trace.events.filter((e) => e.kind === 'call' && e.fn === 'NdisUpdateOffload' && e.caller === by);

describe('PathMtu and neighbor MAC updates', () => {
  it('go down as NdisUpdateOffload of the path and of the neighbor, and the target keeps the new values', () => {
    const sim = offloaded();
    sim.updatePathMtu('c1', 1400);
    sim.updateNeighborMac('c1', '02-00-5e-00-00-99');
    expect(updates(sim, 'IM1').map((e) => (e.kind === 'call' ? e.objects : []))).toEqual([['path 10.0.0.2'], ['neighbor 10.0.0.2']]);
    sim.deliverAll();
    sim.checkQuiescence();
    expect(sim.violations).toEqual([]);
    expect(targetCached(sim)).toEqual(expect.arrayContaining([{ PathMtu: 1400 }, { DlDestinationAddress: '02-00-5e-00-00-99', HostReachabilityDelta: 0 }]));
  });

  it('one at a time: a second update of the path while the first is in flight is declined; a later offload carries the new value', () => {
    const sim = offloaded();
    sim.updatePathMtu('c1', 1400);
    sim.updatePathMtu('c1', 1300);
    expect(updates(sim, 'host')).toHaveLength(1);
    expect(sim.trace.events.some((e) => e.kind === 'decision' && e.text.includes('does not update path 10.0.0.2: an update of it is still in flight'))).toBe(true);
    sim.deliverAll();
    sim.upload('c1');
    sim.deliverAll();
    sim.offload('c1');
    sim.deliverAll();
    sim.checkQuiescence();
    expect(sim.violations).toEqual([]);
    expect(targetCached(sim)).toContainEqual({ PathMtu: 1300 });
  });

  it('in the host: nothing goes down, the value is kept for the next offload', () => {
    const sim = createSimulation({ intermediateDrivers: 0 });
    sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
    sim.updatePathMtu('c1', 576);
    expect(updates(sim, 'host')).toHaveLength(0);
    sim.offload('c1');
    sim.deliverAll();
    expect(targetCached(sim)).toContainEqual({ PathMtu: 576 });
  });
});

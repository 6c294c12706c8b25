import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/system/createSimulation.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { CallEvent } from '../../../src/trace/TraceEvent.js';

const calls = (sim: ReturnType<typeof createSimulation>) =>
  sim.trace.events.filter((e): e is CallEvent => e.kind === 'call' && e.caller === 'host').map((e) => `${e.fn} ${e.objects.join(',')}`);

describe('re-linking a path to a new neighbor (reference §6.3)', () => {
  it.each([0, 1, 3])('with %i intermediate drivers: offload the new neighbor, update, terminate the old one', (ims) => {
    const sim = createSimulation({ intermediateDrivers: ims });
    sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '192.0.2.9', remotePort: 443, owningPid: 1, nextHop: '10.0.0.254' });
    sim.offload('1');
    sim.run();
    expect(sim.targetUsage()).toEqual({ Neighbor: 1, Path: 1, Tcp: 1 });
    sim.trace.events.length = 0;

    sim.relink('1', '10.0.0.253');
    sim.run();
    expect(calls(sim)).toEqual([
      'NdisInitiateOffload neighbor 10.0.0.253',
      'NdisUpdateOffload neighbor 10.0.0.253,path 192.0.2.9',
      'NdisTerminateOffload neighbor 10.0.0.254',
    ]);
    expect(sim.targetUsage()).toEqual({ Neighbor: 1, Path: 1, Tcp: 1 });
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
    expect(sim.violations).toEqual([]);

    // The path really hangs under the new neighbor now: uploading the connection releases both.
    sim.upload('1');
    sim.run();
    expect(sim.targetUsage()).toEqual({ Neighbor: 0, Path: 0, Tcp: 0 });
    expect(sim.violations).toEqual([]);
  });

  it('to a neighbor already offloaded: just the update, and the old neighbor stays while another path uses it', () => {
    const sim = createSimulation({ intermediateDrivers: 1 });
    sim.addConnection({ id: 'a', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '192.0.2.1', remotePort: 443, owningPid: 1, nextHop: '10.0.0.254' });
    sim.addConnection({ id: 'b', localAddress: '10.0.0.1', localPort: 5001, remoteAddress: '192.0.2.2', remotePort: 443, owningPid: 1, nextHop: '10.0.0.254' });
    sim.addConnection({ id: 'c', localAddress: '10.0.0.1', localPort: 5002, remoteAddress: '192.0.2.3', remotePort: 443, owningPid: 1, nextHop: '10.0.0.253' });
    sim.offload('a', 'b', 'c');
    sim.run();
    sim.trace.events.length = 0;
    sim.relink('a', '10.0.0.253');
    sim.run();
    expect(calls(sim)).toEqual(['NdisUpdateOffload neighbor 10.0.0.253,path 192.0.2.1']);
    expect(sim.targetUsage()).toEqual({ Neighbor: 2, Path: 3, Tcp: 3 });
    expect(sim.violations).toEqual([]);
  });

  it('a connection that is not offloaded changes next hop without any NDIS call', () => {
    const sim = createSimulation();
    sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '192.0.2.9', remotePort: 443, owningPid: 1 });
    sim.relink('1', '10.0.0.253');
    sim.run();
    expect(calls(sim)).toEqual([]);
    sim.offload('1');
    sim.run();
    expect(calls(sim)[0]).toBe('NdisInitiateOffload neighbor 10.0.0.253,path 192.0.2.9,tcp 1');
  });

  it.each([true, false])('a re-link that cannot be made (the new neighbor does not fit at the target) uploads the path whatever the release policy (%s), which then takes the new next hop', (release) => {
    const sim = createSimulation({ intermediateDrivers: 1, capacity: { Neighbor: 1 }, hostPolicy: { releaseUnusedPathsAndNeighbors: release } });
    sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '192.0.2.9', remotePort: 443, owningPid: 1, nextHop: '10.0.0.254' });
    sim.offload('1');
    sim.run();
    sim.trace.events.length = 0;
    sim.relink('1', '10.0.0.253');
    sim.run();
    // The new neighbor's offload fails (NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES); the old one goes too when the policy releases idle neighbors.
    const terminated = release ? 'neighbor 10.0.0.254,path 192.0.2.9,tcp 1' : 'path 192.0.2.9,tcp 1';
    expect(calls(sim)).toEqual(['NdisInitiateOffload neighbor 10.0.0.253', `NdisTerminateOffload ${terminated}`]);
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.targetUsage()).toMatchObject({ Path: 0, Tcp: 0 });
    sim.trace.events.length = 0;
    sim.upload('1'); // nothing to do
    if (!release) {
      // The old neighbor stays offloaded (the policy keeps it); the target has room for no other.
      expect(sim.targetUsage()).toEqual({ Neighbor: 1, Path: 0, Tcp: 0 });
      return;
    }
    sim.offload('1');
    sim.run();
    expect(calls(sim)[0]).toBe('NdisInitiateOffload neighbor 10.0.0.253,path 192.0.2.9,tcp 1');
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
    expect(sim.violations).toEqual([]);
  });
});

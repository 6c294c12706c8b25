/**
 * The host stack's reactions to what comes up from below, seen from outside the host: its answer to
 * a NeighborReachabilityQuery (reference §6.11), indications it ignores (a handle that names no
 * connection, an EventType outside TCP_OFFLOAD_EVENT_TYPE), and the neighbor it releases once the last
 * path on it has been terminated (reference §6.2).
 */
import { describe, expect, it } from 'vitest';
import type { IntermediateDriver } from '../../../src/drivers/IntermediateDriver.js';
import { passThroughIntermediateDriver, type PassThroughState } from '../../../src/drivers/reference/passThroughIntermediateDriver.js';
import { createMiniportBlockList } from '../../../src/ndis/blockList.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import type { NeighborOffloadStructures } from '../../../src/ndis/stateStructures.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';
import type { CallEvent } from '../../../src/trace/TraceEvent.js';

function offloaded(options: SimulationOptions = {}): Simulation {
  const sim = createSimulation(options);
  sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
  sim.offload('1');
  sim.run();
  expect(sim.violations).toEqual([]);
  return sim;
}

/** The host's decisions (narration), in order. */
const hostDecisions = (sim: Simulation) =>
  sim.trace.events.filter((e) => e.kind === 'decision' && e.layer === 'host').map((e) => (e as { text: string }).text);

/** The NDIS calls the host made: `fn objects`. */
const hostCalls = (sim: Simulation) =>
  sim.trace.events.filter((e): e is CallEvent => e.kind === 'call' && e.caller === 'host').map((e) => `${e.fn} ${e.objects.join(',')}`);

describe('ProtocolIndicateOffloadEvent: the host answers a NeighborReachabilityQuery in the CACHED structure (reference §6.11)', () => {
  /** A pass-through driver that keeps the neighbor structures it relays up, to read the host's answer once the call has returned. */
  function watchingDriver(seen: NeighborOffloadStructures[]): IntermediateDriver<PassThroughState> {
    return {
      ...passThroughIntermediateDriver,
      name: 'watching',
      ProtocolIndicateOffloadEvent: (s, args, ndis) => {
        seen.push(args.OffloadBlockList.State as NeighborOffloadStructures);
        passThroughIntermediateDriver.ProtocolIndicateOffloadEvent(s, args, ndis);
      },
    };
  }

  it.each([
    [true, 1, 'answers HostReachabilityDelta 1: its neighbor cache entry is REACHABLE'],
    [false, 0, 'answers HostReachabilityDelta 0: its neighbor cache entry is stale'],
  ])('with neighborReachable %s it writes HostReachabilityDelta %i', (neighborReachable, hrd, decision) => {
    const seen: NeighborOffloadStructures[] = [];
    const sim = offloaded({ intermediateDrivers: [watchingDriver(seen)], hostPolicy: { neighborReachable } });
    sim.neighborReachabilityQuery('1', 5);
    sim.run();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.Delegated?.NicReachabilityDelta).toBe(5);
    expect(seen[0]!.Cached?.HostReachabilityDelta).toBe(hrd);
    expect(hostDecisions(sim)).toContain(decision);
    expect(sim.violations).toEqual([]);
  });
});

describe('ProtocolIndicateOffloadEvent: a query the host cannot answer in place', () => {
  /** A driver that passes the query up without a handle and without the neighbor's state structures. */
  const bare: IntermediateDriver<PassThroughState> = {
    ...passThroughIntermediateDriver,
    name: 'passes-up-a-bare-query',
    ProtocolIndicateOffloadEvent: (s, { IndicationCode }, ndis) => {
      const M = createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, null, null);
      M.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
      ndis.NdisMOffloadEventIndicate(s.NdisMiniportHandle, M, IndicationCode);
    },
  };

  it('a query without a handle or a CACHED structure is narrated, and nothing is written', () => {
    const sim = offloaded({ intermediateDrivers: [bare] });
    sim.neighborReachabilityQuery('1', 5);
    sim.run();
    expect(hostDecisions(sim)).toContain('answers HostReachabilityDelta 1: its neighbor cache entry is REACHABLE');
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
  });
});

describe('ProtocolTcpOffloadEvent: what the host ignores, and says so', () => {
  /** A driver that relays every TCP event with the handle the host gave for the connection's path instead. */
  const onPathHandle: IntermediateDriver<PassThroughState> = {
    ...passThroughIntermediateDriver,
    name: 'relays-on-path-handle',
    ProtocolTcpOffloadEvent: (s, { EventType, EventSpecificInformation }, ndis) => {
      const path = Object.values(s.entries).find((e) => e.upperHandle.label.startsWith('path'))!;
      ndis.NdisTcpOffloadEventHandler(path.upperHandle, EventType, EventSpecificInformation);
    },
  };

  it('an indication whose OffloadContext is a path handle: no connection changes', () => {
    const sim = offloaded({ intermediateDrivers: [onPathHandle] });
    sim.indicate('1', E.TcpIndicateAbort);
    sim.run();
    expect(hostDecisions(sim)).toContain('ignores an indication with OffloadContext host#2: not a handle it gave for a connection');
    expect(sim.connection('1')).toMatchObject({ offload: S.TcpConnectionOffloadStateOffloaded, aborted: false });
  });

  it('an EventType outside TCP_OFFLOAD_EVENT_TYPE: no connection changes', () => {
    const sim = offloaded({ intermediateDrivers: 0 });
    sim.indicate('1', 9);
    sim.run();
    expect(hostDecisions(sim)).toContain('ignores EventType <unknown> (9): not a TCP_OFFLOAD_EVENT_TYPE');
    expect(sim.connection('1')).toMatchObject({ offload: S.TcpConnectionOffloadStateOffloaded, aborted: false, disconnectIndicated: false, sendBacklog: 0 });
    expect(sim.violations.map((v) => [v.rule, v.layer])).toEqual([['event-type-legal', 'target']]);
  });

  it('TcpIndicateSendBacklogChange is narrated with the new size', () => {
    const sim = offloaded();
    sim.indicate('1', E.TcpIndicateSendBacklogChange, 4096);
    sim.run();
    expect(hostDecisions(sim)).toContain('keeps 4096 bytes of send data outstanding at the target from now on');
    expect(sim.connection('1').sendBacklog).toBe(4096);
  });
});

describe('ProtocolTerminateOffloadComplete: a completion the host does not owe anything for', () => {
  /** A driver that completes every terminate upward twice. */
  const twice: IntermediateDriver<PassThroughState> = {
    ...passThroughIntermediateDriver,
    name: 'completes-terminates-twice',
    ProtocolTerminateOffloadComplete: (s, args, ndis) => {
      const twiceUp = { ...ndis, NdisMTerminateOffloadComplete: (...a: Parameters<typeof ndis.NdisMTerminateOffloadComplete>) => {
        ndis.NdisMTerminateOffloadComplete(...a);
        ndis.NdisMTerminateOffloadComplete(...a);
      } };
      passThroughIntermediateDriver.ProtocolTerminateOffloadComplete(s, args, twiceUp);
    },
  };

  /** A driver that drops the state structures the terminate returns. */
  const stateless: IntermediateDriver<PassThroughState> = {
    ...passThroughIntermediateDriver,
    name: 'drops-returned-state',
    ProtocolTerminateOffloadComplete: (s, args, ndis) => {
      for (let n: typeof args.OffloadBlockList | null = args.OffloadBlockList; n; n = n.DependentBlockList) (n as { State: unknown }).State = null;
      passThroughIntermediateDriver.ProtocolTerminateOffloadComplete(s, args, ndis);
    },
  };

  it('a second completion of the same terminate changes nothing: the path the other connection uses stays', () => {
    const sim = createSimulation({ intermediateDrivers: [twice] });
    for (const [id, localPort] of [['a', 5000], ['b', 5001]] as const) {
      sim.addConnection({ id, localAddress: '10.0.0.1', localPort, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
    }
    sim.offload('a', 'b');
    sim.run();
    sim.trace.events.length = 0;
    sim.upload('a');
    sim.run();
    expect(hostCalls(sim)).toEqual(['NdisTerminateOffload tcp a']);
    expect(sim.violations.map((v) => [v.rule, v.layer])).toEqual([['complete-once-with-same-root', 'IM1']]);
    expect([sim.connection('a').offload, sim.connection('b').offload]).toEqual([S.TcpConnectionOffloadStateInHost, S.TcpConnectionOffloadStateOffloaded]);
    expect(sim.targetUsage()).toEqual({ Neighbor: 1, Path: 1, Tcp: 1 });
  });

  it('a terminate completed without its state structures still brings the connection InHost', () => {
    const sim = offloaded({ intermediateDrivers: [stateless] });
    sim.upload('1');
    sim.run();
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.returnedDelegatedState('1')).toBeNull();
  });
});

describe('ProtocolTerminateOffloadComplete: a neighbor is released after the terminate of its last path', () => {
  /** Two connections on two paths (two remote addresses) through one neighbor (one next hop). */
  function twoPaths(options: SimulationOptions = {}): Simulation {
    const sim = createSimulation(options);
    sim.addConnection({ id: 'a', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '192.0.2.1', remotePort: 443, owningPid: 1, nextHop: '10.0.0.254' });
    sim.addConnection({ id: 'b', localAddress: '10.0.0.1', localPort: 5001, remoteAddress: '192.0.2.2', remotePort: 443, owningPid: 1, nextHop: '10.0.0.254' });
    sim.offload('a', 'b');
    sim.run();
    expect(sim.targetUsage()).toEqual({ Neighbor: 1, Path: 2, Tcp: 2 });
    sim.trace.events.length = 0;
    return sim;
  }

  it.each([0, 1])('with %i intermediate driver(s): two uploads started together each take their path; the neighbor goes once both completed', (ims) => {
    const sim = twoPaths({ intermediateDrivers: ims });
    sim.upload('a');
    sim.upload('b');
    sim.run();
    expect(hostCalls(sim)).toEqual([
      'NdisTerminateOffload path 192.0.2.1,tcp a',
      'NdisTerminateOffload path 192.0.2.2,tcp b',
      'NdisTerminateOffload neighbor 10.0.0.254',
    ]);
    expect(sim.targetUsage()).toEqual({ Neighbor: 0, Path: 0, Tcp: 0 });
    expect(sim.violations).toEqual([]);
  });

  it('while another path still uses the neighbor, it stays', () => {
    const sim = twoPaths();
    sim.upload('a');
    sim.run();
    expect(hostCalls(sim)).toEqual(['NdisTerminateOffload path 192.0.2.1,tcp a']);
    expect(sim.targetUsage()).toEqual({ Neighbor: 1, Path: 1, Tcp: 1 });
  });

  it('with releaseUnusedPathsAndNeighbors false, neither the paths nor the neighbor go', () => {
    const sim = twoPaths({ hostPolicy: { releaseUnusedPathsAndNeighbors: false } });
    sim.upload('a');
    sim.upload('b');
    sim.run();
    expect(hostCalls(sim)).toEqual(['NdisTerminateOffload tcp a', 'NdisTerminateOffload tcp b']);
    expect(sim.targetUsage()).toEqual({ Neighbor: 1, Path: 2, Tcp: 0 });
  });
});

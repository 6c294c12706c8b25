/**
 * The host's follow-up to a stale NeighborReachabilityQuery answer (reference §6.11; ProtocolIndicateOffloadEvent):
 * it invalidates the neighbor the query names, and nothing when the query names no neighbor of its own —
 * no handle at all, or the handle it gave for a path.
 */
import { describe, expect, it } from 'vitest';
import type { IntermediateDriver } from '../../../src/drivers/IntermediateDriver.js';
import { passThroughIntermediateDriver, type PassThroughState } from '../../../src/drivers/reference/passThroughIntermediateDriver.js';
import { createMiniportBlockList } from '../../../src/ndis/blockList.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { createSimulation } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';
import type { CallEvent } from '../../../src/trace/TraceEvent.js';

/** A driver that passes the query up as a neighbor block list with no handle, or with the path's upper handle, and the neighbor's structures. */
function passesUpWith(name: string, handle: 'none' | 'path'): IntermediateDriver<PassThroughState> {
  return {
    ...passThroughIntermediateDriver,
    name,
    ProtocolIndicateOffloadEvent: (s, { OffloadBlockList, IndicationCode }, ndis) => {
      const path = Object.values(s.entries).find((e) => e.upperHandle.label.startsWith('path'))!;
      const M = createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, handle === 'path' ? path.upperHandle : null, OffloadBlockList.State as never);
      M.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
      ndis.NdisMOffloadEventIndicate(s.NdisMiniportHandle, M, IndicationCode);
    },
  };
}

function staleQuery(driver?: IntermediateDriver<PassThroughState>): Simulation {
  const sim = createSimulation({ intermediateDrivers: driver ? [driver] : 0, hostPolicy: { neighborReachable: false } });
  sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
  sim.offload('1');
  sim.run();
  sim.neighborReachabilityQuery('1', 5);
  sim.run();
  return sim;
}

/** The host's NdisInvalidateOffload calls: the objects each names. */
const invalidates = (sim: Simulation) =>
  sim.trace.events.filter((e): e is CallEvent => e.kind === 'call' && e.caller === 'host' && e.fn === 'NdisInvalidateOffload').map((e) => e.objects);

describe('a stale answer to NeighborReachabilityQuery', () => {
  it('invalidates the neighbor the query names, and the connection behind it is uploaded', () => {
    const sim = staleQuery();
    expect(invalidates(sim)).toEqual([['neighbor 10.0.0.2']]);
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
  });

  it.each([
    ['no handle', 'none'],
    ['the handle of a path', 'path'],
  ] as const)('with %s invalidates nothing', (_, handle) => {
    const sim = staleQuery(passesUpWith(`passes-up-with-${handle}`, handle));
    expect(invalidates(sim)).toEqual([]);
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
  });
});

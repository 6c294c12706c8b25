/**
 * The target's walk of an initiate tree (reference §4.2 "Partial Offloads and Offload Failures"),
 * including the docs' worked example N1{P1{T1,T2}, P2{T3}}, and the same rules seen through a full
 * simulation.
 */
import { describe, expect, it } from 'vitest';
import { initiateOffload, type TargetAllocator } from '../../../src/drivers/reference/target/initiateOffload.js';
import type { TargetObject } from '../../../src/drivers/reference/target/TargetState.js';
import { createMiniportBlockList, isNeighborBlock, isPathBlock, withDependents, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../src/ndis/blockList.js';
import { createOffloadHandle, type PVOID_POINTER } from '../../../src/ndis/NDIS_OFFLOAD_HANDLE.js';
import { fourTupleText } from '../../../src/wire/FourTuple.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE, type OffloadLayer } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import type { OffloadStateStructures, TCP_OFFLOAD_STATE_CONST } from '../../../src/ndis/stateStructures.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { createSimulation } from '../../../src/system/createSimulation.js';
import type { BlockSnapshot, CallEvent } from '../../../src/trace/TraceEvent.js';

const { NDIS_STATUS_SUCCESS: SUCCESS, NDIS_STATUS_FAILURE: FAILURE, NDIS_STATUS_RESOURCES: RESOURCES } = NDIS_STATUS;
const PARTIAL = NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS;

let serial = 1;
function node(Type: OFFLOAD_STATE_TYPE, label: string, State: OffloadStateStructures | null) {
  const slot: PVOID_POINTER = { value: null }; // a new offload: the upper handle's slot is empty
  const n = createMiniportBlockList(Type, slot, createOffloadHandle('host', serial++, label), State);
  return { n, slot };
}
const neighbor = (label: string) =>
  node(OFFLOAD_STATE_TYPE.NeighborOffloadState, label, { Const: { DlSourceAddress: '02:00:00:00:00:01', VlanId: 0 } });
const path = (label: string, dst: string) =>
  node(OFFLOAD_STATE_TYPE.Ip4OffloadState, label, { Const: { SourceAddress: '10.0.0.1', DestinationAddress: dst } });
const tcpConst = (LocalPort: number, RemotePort: number): TCP_OFFLOAD_STATE_CONST => ({
  Flags: 0, RemotePort, LocalPort, SndWindScale: 0, RcvWindScale: 0, RemoteMss: 1460, HashValue: 0,
});
const tcp = (label: string, local: number, remote: number) => node(OFFLOAD_STATE_TYPE.TcpOffloadState, label, { Const: tcpConst(local, remote) });

/** An allocator that records every admit and fails by a per-call plan. */
function allocator(plan: (layer: OffloadLayer, key: string | null, nthOfLayer: number) => NDIS_STATUS) {
  const admitted: Array<{ layer: OffloadLayer; key: string | null }> = [];
  const created: TargetObject[] = [];
  const counts: Record<OffloadLayer, number> = { Neighbor: 0, Path: 0, Tcp: 0 };
  const target: TargetAllocator = {
    admit: (layer, connection) => {
      const key = connection ? fourTupleText(connection) : null;
      admitted.push({ layer, key });
      return plan(layer, key, ++counts[layer]);
    },
    create: (n: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, layer, parent) => {
      const id = 100 + created.length;
      const o: TargetObject = {
        id, serial: id, layer, NdisOffloadHandle: n.NdisOffloadHandle!, parent: parent?.id ?? null, dependents: layer === 'Tcp' ? null : {},
        state: isNeighborBlock(n) || isPathBlock(n) ? n.State : null, localPort: 0, remotePort: 0, cached: null, delegated: null, life: 'Offloaded', flags: 0, sendQueue: null, disconnect: null, receive: null,
      };
      if (parent?.dependents) parent.dependents[`o${id}`] = id;
      created.push(o);
      return o;
    },
    existing: (context) => created.find((o) => o.id === context.id) ?? null,
    contextOf: (o) => ({ owner: 'target', id: o.id }),
  };
  return { target, admitted, created };
}

describe('worked example N1{P1{T1,T2}, P2{T3}}', () => {
  it('T2 RESOURCES, P2 FAILURE -> N1, P1 PARTIAL_SUCCESS; T3 FAILURE and never admitted', () => {
    const N1 = neighbor('N1');
    const P1 = path('P1', '10.0.0.2');
    const P2 = path('P2', '10.0.0.3');
    const T1 = tcp('T1', 5001, 80);
    const T2 = tcp('T2', 5002, 80);
    const T3 = tcp('T3', 5003, 80);
    withDependents(P1.n, [T1.n, T2.n]);
    withDependents(P2.n, [T3.n]);
    withDependents(N1.n, [P1.n, P2.n]);

    const { target, admitted, created } = allocator((layer, key, nth) => {
      if (layer === 'Tcp' && key === '10.0.0.1:5002-10.0.0.2:80') return RESOURCES;
      if (layer === 'Path' && nth === 2) return FAILURE;
      return SUCCESS;
    });
    initiateOffload(N1.n, target);

    expect(PARTIAL).toBe(0x40020004);
    expect(N1.n.Status).toBe(PARTIAL);
    expect(P1.n.Status).toBe(PARTIAL);
    expect(T1.n.Status).toBe(SUCCESS);
    expect(T2.n.Status).toBe(RESOURCES);
    expect(P2.n.Status).toBe(FAILURE);
    expect(T3.n.Status).toBe(FAILURE);

    // Depth-first then breadth; T3 is never attempted.
    expect(admitted).toEqual([
      { layer: 'Neighbor', key: null },
      { layer: 'Path', key: null },
      { layer: 'Tcp', key: '10.0.0.1:5001-10.0.0.2:80' },
      { layer: 'Tcp', key: '10.0.0.1:5002-10.0.0.2:80' },
      { layer: 'Path', key: null },
    ]);
    expect(admitted.some((a) => a.key?.includes(':5003'))).toBe(false);

    // Contexts written only for N1, P1, T1.
    expect(created).toHaveLength(3);
    expect(N1.slot.value).toEqual({ owner: 'target', id: created[0]!.id });
    expect(P1.slot.value).toEqual({ owner: 'target', id: created[1]!.id });
    expect(T1.slot.value).toEqual({ owner: 'target', id: created[2]!.id });
    expect(T2.slot.value).toBeNull();
    expect(P2.slot.value).toBeNull();
    expect(T3.slot.value).toBeNull();
    expect(created[2]!.parent).toBe(created[1]!.id);
    expect(created[1]!.parent).toBe(created[0]!.id);
  });
});

describe('root rules', () => {
  it('a placeholder root with no dependents -> SUCCESS, nothing admitted', () => {
    const root = createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, null, null);
    const { target, admitted } = allocator(() => SUCCESS);
    initiateOffload(root, target);
    expect(root.Status).toBe(SUCCESS);
    expect(admitted).toEqual([]);
  });

  it('a failing root: its dependents and its siblings FAILURE, not attempted', () => {
    const N1 = neighbor('N1');
    const P1 = path('P1', '10.0.0.2');
    const T1 = tcp('T1', 5001, 80);
    withDependents(P1.n, [T1.n]);
    withDependents(N1.n, [P1.n]);
    const N2 = neighbor('N2');
    const P2 = path('P2', '10.0.0.9');
    withDependents(N2.n, [P2.n]);
    N1.n.NextBlock = N2.n;

    const { target, admitted, created } = allocator((layer) => (layer === 'Neighbor' ? RESOURCES : SUCCESS));
    initiateOffload(N1.n, target);
    expect(N1.n.Status).toBe(RESOURCES);
    for (const n of [P1.n, T1.n, N2.n, P2.n]) expect(n.Status).toBe(FAILURE);
    expect(admitted).toEqual([{ layer: 'Neighbor', key: null }]);
    expect(created).toEqual([]);
    for (const s of [N1.slot, P1.slot, T1.slot, N2.slot, P2.slot]) expect(s.value).toBeNull();
  });
});

describe('through a full simulation', () => {
  it('capacity { Tcp: 1 }: the second connection fails with OFFLOAD_TCP_ENTRIES and stays InHost', () => {
    const sim = createSimulation({ capacity: { Tcp: 1 } });
    sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5001, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 1 });
    sim.addConnection({ id: '2', localAddress: '10.0.0.1', localPort: 5002, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 1 });
    sim.offload('1', '2');
    sim.run();
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
    expect(sim.connection('2').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.targetUsage().Tcp).toBe(1);
    const completes = sim.trace.events.filter((e): e is CallEvent => e.kind === 'call' && e.fn === 'NdisMInitiateOffloadComplete');
    expect(completes.map((c) => c.caller)).toEqual(['target', 'IM1']);
    for (const c of completes) {
      const tree = c.args['OffloadBlockList'] as BlockSnapshot[];
      expect(tree.find((n) => n.object === 'tcp 2')!.Status).toBe(NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES);
      expect(tree.find((n) => n.object === 'tcp 1')!.Status).toBe(SUCCESS);
      expect(tree.find((n) => n.object.startsWith('path'))!.Status).toBe(PARTIAL);
    }
    expect(sim.violations).toEqual([]);
  });

  it('planInitiateFailure(OFFLOAD_CONNECTION_REJECTED) -> InHost, no violation; a later offload succeeds', () => {
    const sim = createSimulation();
    sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5001, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 1 });
    sim.planInitiateFailure('1', NDIS_STATUS.NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED);
    sim.offload('1');
    sim.run();
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.targetUsage().Tcp).toBe(0);
    expect(sim.violations).toEqual([]);
    sim.offload('1');
    sim.run();
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
    expect(sim.violations).toEqual([]);
  });
});

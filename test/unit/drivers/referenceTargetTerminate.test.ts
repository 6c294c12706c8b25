/**
 * The reference target's MiniportTerminateOffload (reference §6.2): several terminates waiting at once
 * for their connections' receive indications to return, each completed as soon as its own has; and the
 * Status it writes on a placeholder, an object it does not hold, and every object it frees.
 */
import { describe, expect, it } from 'vitest';
import { referenceOffloadTarget as target, type TargetState } from '../../../src/drivers/reference/referenceOffloadTarget.js';
import { blocksOf, createMiniportBlockList, tcpStateOf, withDependents, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../src/ndis/blockList.js';
import type { NdisMiniportHandle } from '../../../src/ndis/calls.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import { delegatedTcpState } from '../../../src/layers/host/handover/delegatedTcpState.js';
import { createSimulation } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';
import { hostHandle, newChain, recordingNdis } from './driverBench.js';

const MINIPORT: NdisMiniportHandle = { kind: 'NdisMiniportHandle', layer: 1 };

describe('two terminates waiting at once for their receive indications (reference §6.2 step 6)', () => {
  /** Connections a and b offloaded, each with a receive indication in flight, both uploads started: two terminates wait. */
  function bothWaiting(): Simulation {
    const sim = createSimulation({ intermediateDrivers: 0 });
    for (const [id, localPort] of [['a', 5000], ['b', 5001]] as const) {
      sim.addConnection({ id, localAddress: '10.0.0.1', localPort, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
    }
    sim.offload('a', 'b');
    sim.run();
    sim.peerSend('a', 100);
    sim.peerSend('b', 100);
    sim.deliver(0);
    sim.deliver(0);
    sim.upload('a');
    sim.upload('b');
    const waits = sim.trace.events.filter((e) => e.kind === 'decision' && e.text === 'waits for its receive indication to return before it completes the terminate');
    expect(waits).toHaveLength(2);
    expect(completions(sim)).toEqual([]);
    return sim;
  }

  const completions = (sim: Simulation) => sim.pending().flatMap((p) => (p.label.startsWith('NdisMTerminateOffloadComplete') ? [p.label] : []));

  /** Delivers the receive indication of `id`. */
  function indicationReturns(sim: Simulation, id: string): void {
    const k = sim.pending().findIndex((p) => p.label.startsWith(`NdisTcpOffloadReceiveHandler(tcp ${id},`));
    expect(k).toBeGreaterThanOrEqual(0);
    sim.deliver(k);
  }

  it.each([
    ['a', 'b'],
    ['b', 'a'],
  ])('the indication of %s returns first: only its terminate completes; the other waits for its own', (first, second) => {
    const sim = bothWaiting();
    indicationReturns(sim, first);
    expect(completions(sim)).toEqual([`NdisMTerminateOffloadComplete(tcp ${first})`]);
    indicationReturns(sim, second);
    expect(completions(sim)).toEqual([`NdisMTerminateOffloadComplete(tcp ${first})`, `NdisMTerminateOffloadComplete(tcp ${second})`]);
    sim.run();
    expect(sim.connection(first).offload).toBe(sim.connection(second).offload);
    expect(sim.targetUsage()).toEqual({ Neighbor: 0, Path: 0, Tcp: 0 });
    expect(sim.violations).toEqual([]);
  });
});

describe('the Status on every node of a terminate tree', () => {
  /** A target holding neighbor -> path -> tcp 1 (SND.UNA 1000, nothing outstanding), offloaded by a direct MiniportInitiateOffload. */
  function offloaded(): { s: TargetState; chain: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } {
    const s = target.init({ name: 'target', NdisMiniportHandle: MINIPORT, capacity: { Neighbor: 4, Path: 4, Tcp: 4 } });
    const chain = newChain();
    const delegated = tcpStateOf(blocksOf(chain)[2]!)!.Delegated!;
    Object.assign(delegated, { SndUna: 1000, SndNxt: 1000, SndMax: 1000 });
    const rec = recordingNdis();
    target.MiniportInitiateOffload(s, { OffloadBlockList: chain }, rec.ndis, rec.nic);
    expect(blocksOf(chain).map((n) => n.Status)).toEqual([NDIS_STATUS.NDIS_STATUS_SUCCESS, NDIS_STATUS.NDIS_STATUS_SUCCESS, NDIS_STATUS.NDIS_STATUS_SUCCESS]);
    return { s, chain };
  }

  /** A node naming an object the target offloaded in `chain` (at depth `depth`), with room for what a terminate returns. */
  function linkerTo(chain: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, depth: number): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
    const o = blocksOf(chain)[depth]!;
    const state = o.Header.Type === OFFLOAD_STATE_TYPE.TcpOffloadState ? { Const: null, Cached: null, Delegated: delegatedTcpState(TCPSTATE.TCPSTATE_CLOSED) } : null;
    return createMiniportBlockList(o.Header.Type, { value: o.MiniportOffloadContext!.value }, o.NdisOffloadHandle, state as never);
  }

  it('a placeholder is SUCCESS, an object the target does not hold FAILURE, its own objects SUCCESS with their state written back', () => {
    const { s, chain } = offloaded();
    const tcp = linkerTo(chain, 2);
    const unknown = createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, { value: { owner: 'target', id: 42 } }, hostHandle(9, 'tcp 9'), null);
    const foreign = createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, { value: { owner: 'other', id: 2 } }, hostHandle(8, 'tcp 8'), null);
    const placeholder = withDependents(createMiniportBlockList(OFFLOAD_STATE_TYPE.Ip4OffloadState, null, null, null), [tcp, unknown, foreign]);
    const rec = recordingNdis();
    target.MiniportTerminateOffload(s, { OffloadBlockList: placeholder }, rec.ndis, rec.nic);
    expect(rec.made.filter((m) => m.fn === 'NdisMTerminateOffloadComplete').map((m) => m.args)).toEqual([[MINIPORT, placeholder]]);
    expect([placeholder, tcp, unknown, foreign].map((n) => n.Status)).toEqual([
      NDIS_STATUS.NDIS_STATUS_SUCCESS,
      NDIS_STATUS.NDIS_STATUS_SUCCESS,
      NDIS_STATUS.NDIS_STATUS_FAILURE,
      NDIS_STATUS.NDIS_STATUS_FAILURE,
    ]);
    // The TCP object's delegated state came back (ESTABLISHED, SND.UNA as it was offloaded, no send data), and its context area is free.
    expect(tcpStateOf(tcp)?.Delegated).toMatchObject({ State: TCPSTATE.TCPSTATE_ESTABLISHED, SndUna: 1000, SendDataHead: null, SendDataTail: null });
    expect(tcp.NetBufferListChain).toBeNull();
    expect(s.used).toEqual({ Neighbor: 1, Path: 1, Tcp: 0 });
    expect(s.pendingTerminates).toEqual([]);
  });

  it('a neighbor terminated with its path and connection frees all three, each SUCCESS', () => {
    const { s, chain } = offloaded();
    const tree = withDependents(linkerTo(chain, 0), [withDependents(linkerTo(chain, 1), [linkerTo(chain, 2)])]);
    const rec = recordingNdis();
    target.MiniportTerminateOffload(s, { OffloadBlockList: tree }, rec.ndis, rec.nic);
    expect(blocksOf(tree).map((n) => n.Status)).toEqual([NDIS_STATUS.NDIS_STATUS_SUCCESS, NDIS_STATUS.NDIS_STATUS_SUCCESS, NDIS_STATUS.NDIS_STATUS_SUCCESS]);
    expect(s.used).toEqual({ Neighbor: 0, Path: 0, Tcp: 0 });
    expect(s.objects.every((o) => o === null)).toBe(true);
    expect(s.paths).toEqual({});
  });

  it('a TCP node that comes without state structures is still terminated: SUCCESS, nothing written back', () => {
    const { s, chain } = offloaded();
    const bare = linkerTo(chain, 2);
    (bare as { State: unknown }).State = null;
    const rec = recordingNdis();
    target.MiniportTerminateOffload(s, { OffloadBlockList: bare }, rec.ndis, rec.nic);
    expect(bare.Status).toBe(NDIS_STATUS.NDIS_STATUS_SUCCESS);
    expect(bare.State).toBeNull();
    expect(s.used.Tcp).toBe(0);
  });

  it('a node typed TCP that names the path is terminated as the path it names (the context decides, not the Type)', () => {
    const { s, chain } = offloaded();
    const path = blocksOf(chain)[1]!;
    const mistyped = createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, { value: path.MiniportOffloadContext!.value }, path.NdisOffloadHandle, {
      Const: null, Cached: null, Delegated: delegatedTcpState(TCPSTATE.TCPSTATE_CLOSED),
    } as never);
    const rec = recordingNdis();
    target.MiniportTerminateOffload(s, { OffloadBlockList: mistyped }, rec.ndis, rec.nic);
    expect(mistyped.Status).toBe(NDIS_STATUS.NDIS_STATUS_SUCCESS);
    expect(tcpStateOf(mistyped)?.Delegated?.State).toBe(TCPSTATE.TCPSTATE_CLOSED); // a path has no TCP state to write back
    expect(s.used).toEqual({ Neighbor: 1, Path: 0, Tcp: 0 });
  });

  it('a terminate of the neighbor alone takes its dependents with it', () => {
    const { s, chain } = offloaded();
    const rec = recordingNdis();
    target.MiniportTerminateOffload(s, { OffloadBlockList: linkerTo(chain, 0) }, rec.ndis, rec.nic);
    expect(s.used).toEqual({ Neighbor: 0, Path: 0, Tcp: 0 });
    expect(s.freeSlots.slice().sort()).toEqual([0, 1, 2]);
  });
});

/**
 * The reference target's update, query and invalidate (reference §6.3-§6.5), its handlers called
 * directly: what an update changes (cached variables, a path re-linked to another neighbor), what a
 * query writes back, and whom an invalidate asks to upload.
 */
import { describe, expect, it } from 'vitest';
import { referenceOffloadTarget as target, TargetFlags, type TargetState } from '../../../src/drivers/reference/referenceOffloadTarget.js';
import { blocksOf, createMiniportBlockList, tcpStateOf, withDependents, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../src/ndis/blockList.js';
import type { NdisMiniportHandle } from '../../../src/ndis/calls.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { createNetBufferList } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import { DEFAULT_TCP_CACHED, delegatedTcpState } from '../../../src/layers/host/handover/delegatedTcpState.js';
import { hostHandle, newChain, recordingNdis } from './driverBench.js';

const MINIPORT: NdisMiniportHandle = { kind: 'NdisMiniportHandle', layer: 1 };
const { NDIS_STATUS_SUCCESS: SUCCESS, NDIS_STATUS_FAILURE: FAILURE } = NDIS_STATUS;

/** A target holding neighbor -> path -> tcp 1 (with a KeepAlive and Retransmit state of its own). */
function offloaded(): { s: TargetState; chain: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } {
  const s = target.init({ name: 'target', NdisMiniportHandle: MINIPORT, capacity: { Neighbor: 4, Path: 4, Tcp: 4 } });
  const chain = newChain();
  Object.assign(tcpStateOf(blocksOf(chain)[2]!)!.Delegated!, { KeepAlive: { ProbeCount: 2, TimeoutDelta: 300 }, Retransmit: { Count: 1, TimeoutDelta: 50 } });
  const rec = recordingNdis();
  target.MiniportInitiateOffload(s, { OffloadBlockList: chain }, rec.ndis, rec.nic);
  // NDIS tells the target when its NdisMInitiateOffloadComplete returned (§6.1): only then may it indicate.
  target.CallReturned!(s, { fn: 'NdisMInitiateOffloadComplete', OffloadBlockList: chain }, rec.ndis, rec.nic);
  return { s, chain };
}

/** A node naming the object at `depth` of `chain` (0 neighbor, 1 path, 2 tcp), with `State`. */
function naming(chain: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, depth: number, State: unknown = null): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
  const o = blocksOf(chain)[depth]!;
  return createMiniportBlockList(o.Header.Type, { value: o.MiniportOffloadContext!.value }, o.NdisOffloadHandle, State as never);
}

const queryTcp = () => ({ Const: null, Cached: { ...DEFAULT_TCP_CACHED, InitialRcvWnd: 0 }, Delegated: delegatedTcpState(TCPSTATE.TCPSTATE_CLOSED) });

describe('MiniportInitiateOffload with send data handed down', () => {
  it('the target keeps the NBLs (marked with the connection\'s handle), sends what was never sent once its completion is made, and counts it in a query', () => {
    const s = target.init({ name: 'target', NdisMiniportHandle: MINIPORT, capacity: { Neighbor: 4, Path: 4, Tcp: 4 } });
    const chain = newChain();
    const tcpNode = blocksOf(chain)[2]!;
    Object.assign(tcpStateOf(tcpNode)!.Delegated!, { SndUna: 0, SndNxt: 100, SndMax: 100 });
    const sent = createNetBufferList(1, 'tcp 1', 0, 100);
    const unsent = createNetBufferList(2, 'tcp 1', 100, 50);
    sent.Next = unsent;
    tcpNode.NetBufferListChain = sent;
    const rec = recordingNdis();
    target.MiniportInitiateOffload(s, { OffloadBlockList: chain }, rec.ndis, rec.nic);
    expect(rec.made.map((m) => m.fn)).toEqual(['NdisMInitiateOffloadComplete', 'nic.transmit']);
    expect(rec.made[1]!.args[0]).toMatchObject({ seq: 100, len: 50 });
    const o = s.objects[tcpNode.MiniportOffloadContext!.value!.id]!;
    expect(o.sendQueue?.map((n) => [n.id, n.MiniportReserved, n.Next])).toEqual([
      [1, hostHandle(3, 'tcp 1'), null],
      [2, hostHandle(3, 'tcp 1'), null],
    ]);
    const q = naming(chain, 2, queryTcp());
    target.MiniportQueryOffload(s, { OffloadBlockList: q }, rec.ndis, rec.nic);
    expect(tcpStateOf(q)?.Delegated).toMatchObject({ SndNxt: 150, SendBacklogSize: 150 });
  });

  it('a new TCP object without TCP_OFFLOAD_STATE_DELEGATED is a bug in the caller, said plainly', () => {
    const s = target.init({ name: 'target', NdisMiniportHandle: MINIPORT, capacity: { Neighbor: 4, Path: 4, Tcp: 4 } });
    const chain = newChain();
    delete (tcpStateOf(blocksOf(chain)[2]!) as { Delegated?: unknown }).Delegated;
    const rec = recordingNdis();
    expect(() => target.MiniportInitiateOffload(s, { OffloadBlockList: chain }, rec.ndis, rec.nic)).toThrow(
      new Error('MiniportInitiateOffload: a new TCP object without TCP_OFFLOAD_STATE_DELEGATED'),
    );
  });
});

describe('MiniportQueryOffload writes the current values back', () => {
  it('a TCP node gets the delegated variables (KeepAlive and Retransmit included), the backlogs and the cached variables', () => {
    const { s, chain } = offloaded();
    const q = naming(chain, 2, queryTcp());
    const rec = recordingNdis();
    target.MiniportQueryOffload(s, { OffloadBlockList: q }, rec.ndis, rec.nic);
    expect(q.Status).toBe(SUCCESS);
    expect(tcpStateOf(q)?.Delegated).toMatchObject({
      State: TCPSTATE.TCPSTATE_ESTABLISHED, KeepAlive: { ProbeCount: 2, TimeoutDelta: 300 }, Retransmit: { Count: 1, TimeoutDelta: 50 }, SendBacklogSize: 0, ReceiveBacklogSize: 0,
    });
    expect(tcpStateOf(q)?.Cached?.InitialRcvWnd).toBe(DEFAULT_TCP_CACHED.InitialRcvWnd);
    expect(rec.made.map((m) => m.fn)).toEqual(['NdisMQueryOffloadStateComplete']);
  });

  it('a node without structures, a placeholder and an unknown context get their Status only', () => {
    const { s, chain } = offloaded();
    const p = naming(chain, 1, { Const: null, Cached: { PathMtu: 0 }, Delegated: null });
    const bare = naming(chain, 2, null);
    const unknown = createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, { value: { owner: 'target', id: 77 } }, hostHandle(9, 'tcp 9'), null);
    const root = withDependents(createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, null, null), [p, bare, unknown]);
    const rec = recordingNdis();
    target.MiniportQueryOffload(s, { OffloadBlockList: root }, rec.ndis, rec.nic);
    expect([root.Status, p.Status, bare.Status, unknown.Status]).toEqual([SUCCESS, SUCCESS, SUCCESS, FAILURE]);
  });
});

describe('MiniportUpdateOffload', () => {
  it('new cached variables of a connection and of a path are what a later query reads', () => {
    const { s, chain } = offloaded();
    const rec = recordingNdis();
    const t = naming(chain, 2, { Const: null, Cached: { ...DEFAULT_TCP_CACHED, KaTimeout: 1234 }, Delegated: null });
    const p = naming(chain, 1, { Const: null, Cached: { PathMtu: 1400 }, Delegated: null });
    target.MiniportUpdateOffload(s, { OffloadBlockList: withDependents(p, [t]) }, rec.ndis, rec.nic);
    expect([p.Status, t.Status]).toEqual([SUCCESS, SUCCESS]);
    const qt = naming(chain, 2, queryTcp());
    target.MiniportQueryOffload(s, { OffloadBlockList: qt }, rec.ndis, rec.nic);
    expect(tcpStateOf(qt)?.Cached?.KaTimeout).toBe(1234);
    // The path's context area (the target's own state) holds the new PathMtu beside its constants.
    const path = s.objects[blocksOf(chain)[1]!.MiniportOffloadContext!.value!.id]!;
    expect(path.state).toMatchObject({ Const: { SourceAddress: '10.0.0.1', DestinationAddress: '10.0.0.2' }, Cached: { PathMtu: 1400 } });
    expect(rec.made.map((m) => m.fn)).toEqual(['NdisMUpdateOffloadComplete', 'NdisMQueryOffloadStateComplete']);
  });

  it('a path listed under another offloaded neighbor is re-linked to it: the old neighbor no longer takes it when terminated', () => {
    const { s, chain } = offloaded();
    const rec = recordingNdis();
    const N2 = createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, { value: null }, hostHandle(20, 'neighbor 2'), {
      Const: { DlSourceAddress: '', VlanId: 0 }, Cached: { DlDestinationAddress: '02:00:00:00:00:03', HostReachabilityDelta: 0 }, Delegated: { NicReachabilityDelta: 0 },
    });
    target.MiniportInitiateOffload(s, { OffloadBlockList: N2 }, rec.ndis, rec.nic);
    const link = withDependents(createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, { value: N2.MiniportOffloadContext!.value }, N2.NdisOffloadHandle, null), [naming(chain, 1)]);
    target.MiniportUpdateOffload(s, { OffloadBlockList: link }, rec.ndis, rec.nic);
    expect(blocksOf(link).map((n) => n.Status)).toEqual([SUCCESS, SUCCESS]);
    // Terminating the old neighbor now frees it alone; the path and its connection hang under neighbor 2.
    target.MiniportTerminateOffload(s, { OffloadBlockList: naming(chain, 0) }, rec.ndis, rec.nic);
    expect(s.used).toEqual({ Neighbor: 1, Path: 1, Tcp: 1 });
    target.MiniportTerminateOffload(s, { OffloadBlockList: createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, { value: N2.MiniportOffloadContext!.value }, N2.NdisOffloadHandle, null) }, rec.ndis, rec.nic);
    expect(s.used).toEqual({ Neighbor: 0, Path: 0, Tcp: 0 });
  });

  it('an unknown context is FAILURE and a placeholder SUCCESS', () => {
    const { s } = offloaded();
    const unknown = createMiniportBlockList(OFFLOAD_STATE_TYPE.Ip4OffloadState, { value: { owner: 'target', id: 55 } }, hostHandle(9, 'path 9'), null);
    const root = withDependents(createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, null, null), [unknown]);
    const rec = recordingNdis();
    target.MiniportUpdateOffload(s, { OffloadBlockList: root }, rec.ndis, rec.nic);
    expect([root.Status, unknown.Status]).toEqual([SUCCESS, FAILURE]);
  });
});

describe('MiniportInvalidateOffload', () => {
  it('completes, then asks once for the upload of every connection under what it invalidated', () => {
    const { s, chain } = offloaded();
    const rec = recordingNdis();
    const inv = withDependents(naming(chain, 0), [naming(chain, 1)]);
    target.MiniportInvalidateOffload(s, { OffloadBlockList: inv }, rec.ndis, rec.nic);
    expect(rec.made.map((m) => [m.fn, ...(m.fn === 'NdisTcpOffloadEventHandler' ? m.args : [])])).toEqual([
      ['NdisMInvalidateOffloadComplete'],
      ['NdisTcpOffloadEventHandler', hostHandle(3, 'tcp 1'), E.TcpIndicateRetrieve, R.InvalidState],
    ]);
    expect(blocksOf(inv).map((n) => n.Status)).toEqual([SUCCESS, SUCCESS]);
    const flags = [0, 1, 2].map((i) => s.objects[blocksOf(chain)[i]!.MiniportOffloadContext!.value!.id]!.flags);
    expect(flags).toEqual([TargetFlags.Invalidated, TargetFlags.Invalidated, TargetFlags.InitiateReturned | TargetFlags.UploadRequested]);
  });
});

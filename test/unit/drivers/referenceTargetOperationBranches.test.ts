/**
 * The branches of the reference target's initiate, update, invalidate and query (targetOperations.ts,
 * reference §6.1, §6.3-§6.5) that referenceTargetOperations.test.ts does not reach: what each context
 * area keeps of its node, a connection offloaded again after a reset, nodes that carry fewer state
 * structures than usual, nodes an update must not re-link, an invalidate meeting corrupt hardware under a
 * path it also invalidates, and a query of a neighbor or path (§6.5: any offloaded object).
 */
import { describe, expect, it } from 'vitest';
import { referenceOffloadTarget as target, type TargetState } from '../../../src/drivers/reference/referenceOffloadTarget.js';
import { blocksOf, createMiniportBlockList, linkSiblings, tcpStateOf, withDependents, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../src/ndis/blockList.js';
import type { NdisMiniportHandle } from '../../../src/ndis/calls.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import { fourTupleText } from '../../../src/wire/FourTuple.js';
import { DEFAULT_TCP_CACHED, delegatedTcpState } from '../../../src/layers/host/handover/delegatedTcpState.js';
import { hostHandle, newChain, recordingNdis } from './driverBench.js';

const MINIPORT: NdisMiniportHandle = { kind: 'NdisMiniportHandle', layer: 1 };
const { NDIS_STATUS_SUCCESS: SUCCESS, NDIS_STATUS_FAILURE: FAILURE } = NDIS_STATUS;
const CONNECTION = { localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80 };

const fresh = (): TargetState => target.init({ name: 'target', NdisMiniportHandle: MINIPORT, capacity: { Neighbor: 4, Path: 4, Tcp: 4 } });

/** `chain` offloaded on `s`, its initiate completion returned (§6.1). */
function offload(s: TargetState, chain: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  const rec = recordingNdis();
  target.MiniportInitiateOffload(s, { OffloadBlockList: chain }, rec.ndis, rec.nic);
  target.CallReturned!(s, { fn: 'NdisMInitiateOffloadComplete', OffloadBlockList: chain }, rec.ndis, rec.nic);
}

/** A target holding neighbor -> path -> tcp 1. */
function offloaded(): { s: TargetState; chain: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } {
  const s = fresh();
  const chain = newChain();
  offload(s, chain);
  return { s, chain };
}

/** A node naming the object at `depth` of `chain` (0 neighbor, 1 path, 2 tcp), with `State` (and, if given, another Type). */
function naming(chain: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, depth: number, State: unknown = null, Type?: OFFLOAD_STATE_TYPE): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
  const o = blocksOf(chain)[depth]!;
  return createMiniportBlockList(Type ?? o.Header.Type, { value: o.MiniportOffloadContext!.value }, o.NdisOffloadHandle, State as never);
}

/** The target's context area for the object at `depth` of `chain`. */
const objectAt = (s: TargetState, chain: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, depth: number) => s.objects[blocksOf(chain)[depth]!.MiniportOffloadContext!.value!.id]!;

/** A TCP query node: the structures the target fills. */
const queryTcp = () => ({ Const: null, Cached: { ...DEFAULT_TCP_CACHED, KaTimeout: 0 }, Delegated: delegatedTcpState(TCPSTATE.TCPSTATE_CLOSED) });

/** Queries the connection of `chain` and returns the structures the target filled. */
function queryConnection(s: TargetState, chain: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) {
  const q = naming(chain, 2, queryTcp());
  const rec = recordingNdis();
  target.MiniportQueryOffload(s, { OffloadBlockList: q }, rec.ndis, rec.nic);
  expect(q.Status).toBe(SUCCESS);
  return tcpStateOf(q)!;
}

/** Terminates the object at `depth` of `chain` alone. */
function terminate(s: TargetState, chain: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, depth: number): void {
  const rec = recordingNdis();
  target.MiniportTerminateOffload(s, { OffloadBlockList: naming(chain, depth) }, rec.ndis, rec.nic);
}

describe('MiniportInitiateOffload: what each context area keeps', () => {
  it('a neighbor and a path keep their own state structures and nothing of a connection; a connection keeps its variables and no neighbor or path state', () => {
    const { s, chain } = offloaded();
    const [neighbor, path, tcp] = [0, 1, 2].map((depth) => objectAt(s, chain, depth));
    for (const [o, depth] of [[neighbor!, 0], [path!, 1]] as const) {
      expect(o.state).toEqual(blocksOf(chain)[depth]!.State);
      expect(o.state).not.toBe(blocksOf(chain)[depth]!.State); // a copy: the tree goes back to the host
      expect([o.cached, o.delegated, o.sendQueue, o.receive]).toEqual([null, null, null, null]);
    }
    // Handed down without send data, the connection holds none; it has no neighbor or path structures of its own.
    expect([tcp!.state, tcp!.sendQueue]).toEqual([null, null]);
    expect(tcp!.cached).toEqual(DEFAULT_TCP_CACHED);
    expect(tcp!.delegated?.State).toBe(TCPSTATE.TCPSTATE_ESTABLISHED);
  });

  it('a new object without an NdisOffloadHandle is a bug in the caller, said plainly', () => {
    const orphan = createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, { value: null }, null, {
      Const: { DlSourceAddress: '', VlanId: 0 }, Cached: { DlDestinationAddress: '02:00:00:00:00:02', HostReachabilityDelta: 0 }, Delegated: { NicReachabilityDelta: 0 },
    });
    const rec = recordingNdis();
    expect(() => target.MiniportInitiateOffload(fresh(), { OffloadBlockList: orphan }, rec.ndis, rec.nic)).toThrow(
      new Error('MiniportInitiateOffload: a new object without an NdisOffloadHandle'),
    );
  });

  it('a connection the target reset is counted as reset until the same 4-tuple is offloaded again', () => {
    const { s, chain } = offloaded();
    const rec = recordingNdis();
    target.IndicateTcpEvent!(s, { connection: CONNECTION, EventType: E.TcpIndicateAbort, EventSpecificInformation: 0 }, rec.ndis, rec.nic);
    expect(s.resetConnections).toEqual({ [fourTupleText(CONNECTION)]: true });
    terminate(s, chain, 2);
    expect(s.resetConnections).toEqual({ [fourTupleText(CONNECTION)]: true });
    // The same ports again, under the path the target still holds.
    const again = newChain();
    const tcp = blocksOf(again)[2]!;
    offload(s, withDependents(naming(chain, 1), [tcp]));
    expect(tcp.Status).toBe(SUCCESS);
    expect(s.resetConnections).toEqual({});
  });
});

describe('MiniportUpdateOffload with fewer structures than usual', () => {
  it('a connection node without state structures, or without CACHED, leaves its cached variables as they were', () => {
    const { s, chain } = offloaded();
    const rec = recordingNdis();
    const bare = naming(chain, 2, null);
    const noCached = naming(chain, 2, { Const: null, Cached: null, Delegated: null });
    target.MiniportUpdateOffload(s, { OffloadBlockList: bare }, rec.ndis, rec.nic);
    target.MiniportUpdateOffload(s, { OffloadBlockList: noCached }, rec.ndis, rec.nic);
    expect([bare.Status, noCached.Status]).toEqual([SUCCESS, SUCCESS]);
    expect(queryConnection(s, chain).Cached).toEqual(DEFAULT_TCP_CACHED);
  });

  it('a neighbor or path node without CACHED leaves the object\'s state as it was', () => {
    const { s, chain } = offloaded();
    const before = [0, 1].map((depth) => structuredClone(objectAt(s, chain, depth).state));
    const rec = recordingNdis();
    const n = naming(chain, 0, { Const: null, Cached: null, Delegated: null });
    const p = naming(chain, 1, { Const: null, Cached: null, Delegated: null });
    target.MiniportUpdateOffload(s, { OffloadBlockList: withDependents(n, [p]) }, rec.ndis, rec.nic);
    expect([n.Status, p.Status]).toEqual([SUCCESS, SUCCESS]);
    expect([0, 1].map((depth) => objectAt(s, chain, depth).state)).toEqual(before);
  });

  it('a node whose Type names no offload layer changes nothing of the object its context names', () => {
    const { s, chain } = offloaded();
    const before = structuredClone(objectAt(s, chain, 1).state);
    const odd = naming(chain, 1, { Cached: { PathMtu: 9 } }, 0 as OFFLOAD_STATE_TYPE);
    const rec = recordingNdis();
    target.MiniportUpdateOffload(s, { OffloadBlockList: odd }, rec.ndis, rec.nic);
    expect(odd.Status).toBe(SUCCESS);
    expect(objectAt(s, chain, 1).state).toEqual(before);
  });
});

describe('MiniportUpdateOffload re-links only a path under another neighbor', () => {
  it('a connection listed under the neighbor stays with its path: terminating the path still takes it', () => {
    const { s, chain } = offloaded();
    const rec = recordingNdis();
    const update = withDependents(naming(chain, 0), [naming(chain, 2)]);
    target.MiniportUpdateOffload(s, { OffloadBlockList: update }, rec.ndis, rec.nic);
    expect(blocksOf(update).map((n) => n.Status)).toEqual([SUCCESS, SUCCESS]);
    terminate(s, chain, 1);
    expect(s.used).toEqual({ Neighbor: 1, Path: 0, Tcp: 0 });
  });

  it('a path listed under another path stays with its neighbor: terminating the other path leaves it', () => {
    const { s, chain } = offloaded();
    // A second path under the same neighbor.
    const P2 = createMiniportBlockList(OFFLOAD_STATE_TYPE.Ip4OffloadState, { value: null }, hostHandle(30, 'path 2'), {
      Const: { SourceAddress: '10.0.0.1', DestinationAddress: '10.0.0.3' }, Cached: { PathMtu: 1500 }, Delegated: {},
    });
    offload(s, withDependents(naming(chain, 0), [P2]));
    const other = createMiniportBlockList(OFFLOAD_STATE_TYPE.Ip4OffloadState, { value: P2.MiniportOffloadContext!.value }, P2.NdisOffloadHandle, null);
    const rec = recordingNdis();
    target.MiniportUpdateOffload(s, { OffloadBlockList: withDependents(other, [naming(chain, 1)]) }, rec.ndis, rec.nic);
    target.MiniportTerminateOffload(s, { OffloadBlockList: createMiniportBlockList(OFFLOAD_STATE_TYPE.Ip4OffloadState, { value: P2.MiniportOffloadContext!.value }, P2.NdisOffloadHandle, null) }, rec.ndis, rec.nic);
    expect(s.used).toEqual({ Neighbor: 1, Path: 1, Tcp: 1 });
    terminate(s, chain, 0);
    expect(s.used).toEqual({ Neighbor: 0, Path: 0, Tcp: 0 });
  });
});

describe('MiniportInvalidateOffload', () => {
  it('a placeholder is SUCCESS and an unknown context FAILURE; nobody is asked to upload', () => {
    const { s } = offloaded();
    const unknown = createMiniportBlockList(OFFLOAD_STATE_TYPE.Ip4OffloadState, { value: { owner: 'target', id: 55 } }, hostHandle(9, 'path 9'), null);
    const root = withDependents(createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, null, null), [unknown]);
    const rec = recordingNdis();
    target.MiniportInvalidateOffload(s, { OffloadBlockList: root }, rec.ndis, rec.nic);
    expect([root.Status, unknown.Status]).toEqual([SUCCESS, FAILURE]);
    expect(rec.made.map((m) => m.fn)).toEqual(['NdisMInvalidateOffloadComplete']);
  });

  it('a corrupt connection under an invalidated path fails, and is reported for the hardware only, not asked to upload for InvalidState', () => {
    const { s, chain } = offloaded();
    const rec = recordingNdis();
    target.HardwareFailure!(s, { connection: CONNECTION }, rec.ndis, rec.nic);
    const inv = withDependents(naming(chain, 1), [naming(chain, 2)]);
    target.MiniportInvalidateOffload(s, { OffloadBlockList: inv }, rec.ndis, rec.nic);
    expect(blocksOf(inv).map((n) => n.Status)).toEqual([SUCCESS, FAILURE]);
    target.CallReturned!(s, { fn: 'NdisMInvalidateOffloadComplete', OffloadBlockList: inv }, rec.ndis, rec.nic);
    expect(rec.made.filter((m) => m.fn !== 'DbgPrint').map((m) => [m.fn, ...(m.fn === 'NdisTcpOffloadEventHandler' ? m.args.slice(1) : [])])).toEqual([
      ['NdisMInvalidateOffloadComplete'],
      ['NdisTcpOffloadEventHandler', E.TcpIndicateRetrieve, R.HardwareFailure],
      ['NdisTcpOffloadEventHandler', E.TcpIndicateAbort, 0],
    ]);
  });
});

describe('MiniportQueryOffload', () => {
  it('a query that fails nowhere leaves MiniportReserved alone, and its completion returning reports nothing', () => {
    const { s, chain } = offloaded();
    const q = naming(chain, 2, queryTcp());
    const rec = recordingNdis();
    target.MiniportQueryOffload(s, { OffloadBlockList: q }, rec.ndis, rec.nic);
    expect(q.MiniportReserved).toEqual([null, null]);
    target.CallReturned!(s, { fn: 'NdisMQueryOffloadStateComplete', OffloadBlockList: q }, rec.ndis, rec.nic);
    expect(rec.made.map((m) => m.fn)).toEqual(['NdisMQueryOffloadStateComplete']);
    expect(s.hardwareReports).toEqual({});
  });

  it('a connection offloaded without CACHED gets its delegated variables written and its cached structure left alone', () => {
    const s = fresh();
    const chain = newChain();
    (tcpStateOf(blocksOf(chain)[2]!) as { Cached?: unknown }).Cached = undefined;
    offload(s, chain);
    const out = queryConnection(s, chain);
    expect(out.Delegated?.State).toBe(TCPSTATE.TCPSTATE_ESTABLISHED);
    expect(out.Cached).toEqual({ ...DEFAULT_TCP_CACHED, KaTimeout: 0 });
  });

  it('a connection node with CACHED only, and a neighbor node with DELEGATED only, get what they carry structures for', () => {
    const { s, chain } = offloaded();
    const t = naming(chain, 2, { Const: null, Cached: { ...DEFAULT_TCP_CACHED, KaTimeout: 0 }, Delegated: null });
    const n = naming(chain, 0, { Const: null, Cached: null, Delegated: { NicReachabilityDelta: 7 } });
    const rec = recordingNdis();
    target.MiniportQueryOffload(s, { OffloadBlockList: linkSiblings([n, t])! }, rec.ndis, rec.nic);
    expect([n.Status, t.Status]).toEqual([SUCCESS, SUCCESS]);
    expect(tcpStateOf(t)).toEqual({ Const: null, Cached: DEFAULT_TCP_CACHED, Delegated: null });
    expect(n.State).toEqual({ Const: null, Cached: null, Delegated: { NicReachabilityDelta: 0 } });
  });

  it('a TCP node naming a path object gets its Status and nothing written', () => {
    const { s, chain } = offloaded();
    const q = naming(chain, 1, queryTcp(), OFFLOAD_STATE_TYPE.TcpOffloadState);
    const rec = recordingNdis();
    target.MiniportQueryOffload(s, { OffloadBlockList: q }, rec.ndis, rec.nic);
    expect(q.Status).toBe(SUCCESS);
    expect(tcpStateOf(q)).toEqual(queryTcp());
  });

  it('a neighbor and a path are queried for their current cached and delegated values (§6.5: any offloaded object)', () => {
    const { s, chain } = offloaded();
    const rec = recordingNdis();
    const p = naming(chain, 1, { Const: null, Cached: { PathMtu: 1400 }, Delegated: null });
    target.MiniportUpdateOffload(s, { OffloadBlockList: p }, rec.ndis, rec.nic);
    const qn = naming(chain, 0, { Const: null, Cached: { DlDestinationAddress: '', HostReachabilityDelta: 7 }, Delegated: { NicReachabilityDelta: 7 } });
    const qp = naming(chain, 1, { Const: null, Cached: { PathMtu: 0 }, Delegated: {} });
    target.MiniportQueryOffload(s, { OffloadBlockList: withDependents(qn, [qp]) }, rec.ndis, rec.nic);
    expect([qn.Status, qp.Status]).toEqual([SUCCESS, SUCCESS]);
    expect(qn.State).toEqual({ Const: null, Cached: { DlDestinationAddress: '02:00:00:00:00:02', HostReachabilityDelta: 0 }, Delegated: { NicReachabilityDelta: 0 } });
    expect(qp.State).toEqual({ Const: null, Cached: { PathMtu: 1400 }, Delegated: {} });
  });
});

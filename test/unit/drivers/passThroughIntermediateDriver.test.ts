/**
 * The reference pass-through intermediate driver on its own (reference §7): its handlers called
 * directly, as NDIS calls them, with an NDIS library that records every call the driver makes and
 * answers with values the test chooses (driverBench). What it passes down, what it completes up, and what it refuses.
 */
import { describe, expect, it } from 'vitest';
import { passThroughIntermediateDriver as im, type PassThroughState } from '../../../src/drivers/reference/passThroughIntermediateDriver.js';
import {
  blocksOf,
  createMiniportBlockList,
  createProtocolBlockList,
  withDependents,
  type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
  type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
} from '../../../src/ndis/blockList.js';
import type { NdisBindingHandle, NdisMiniportHandle } from '../../../src/ndis/calls.js';
import { createOffloadHandle, type NDIS_OFFLOAD_HANDLE } from '../../../src/ndis/NDIS_OFFLOAD_HANDLE.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { createNetBufferList, type NET_BUFFER_LIST } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { INDICATE_OFFLOAD_EVENT, OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import { delegatedTcpState } from '../../../src/layers/host/handover/delegatedTcpState.js';
import { hostHandle, newChain, recordingNdis, type Made } from './driverBench.js';

const MINIPORT: NdisMiniportHandle = { kind: 'NdisMiniportHandle', layer: 1 };
const BINDING: NdisBindingHandle = { kind: 'NdisBindingHandle', layer: 1 };

function fresh(): PassThroughState {
  return im.init({ name: 'IM1', NdisMiniportHandle: MINIPORT, NdisBindingHandle: BINDING });
}

/** The protocol tree IM1 passed down with its last request. */
function passedDown(made: Made[]): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  const call = made.filter((m) => m.fn.startsWith('Ndis') && m.args[0] === BINDING).at(-1)!;
  return call.args[1] as NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
}

/** IM1 offloads neighbor -> path -> tcp 1 and the layer below completes it with `status` on every node; returns the upper tree. */
function offload(s: PassThroughState, status: NDIS_STATUS = NDIS_STATUS.NDIS_STATUS_SUCCESS) {
  const M = newChain();
  M.ImReserved = ['upper', 7];
  M.SourceHandle = 'source of the layer above';
  const rec = recordingNdis();
  im.MiniportInitiateOffload(s, { OffloadBlockList: M }, rec.ndis);
  const P = passedDown(rec.made);
  for (const p of blocksOf(P)) p.Status = status;
  im.ProtocolInitiateOffloadComplete(s, { OffloadBlockList: P }, rec.ndis);
  return { M, P, ...rec };
}

/** IM1's own handle for the object the layer above named `label`. */
function ownHandleOf(s: PassThroughState, label: string): NDIS_OFFLOAD_HANDLE {
  return Object.values(s.entries).find((e) => e.upperHandle.label === label)!.ownHandle;
}

/** IM1's context for the object, as the layer above holds it after the initiate. */
function contextOf(s: PassThroughState, label: string) {
  const entry = Object.values(s.entries).find((e) => e.upperHandle.label === label)!;
  return { owner: 'IM1', id: entry.id };
}

const nblChain = (...ids: number[]): NET_BUFFER_LIST => {
  const nbls = ids.map((id) => createNetBufferList(id, 'tcp 1', 0, 100));
  nbls.forEach((n, i) => (n.Next = nbls[i + 1] ?? null));
  return nbls[0]!;
};

describe('initiate through the pass-through driver (reference §7.3)', () => {
  it('passes down a tree of its own handles, each with the state structures, and keeps ImReserved[0] for its call entry', () => {
    const s = fresh();
    const M = newChain();
    const tcpState = M.DependentBlockList!.DependentBlockList!.State;
    const rec = recordingNdis();
    im.MiniportInitiateOffload(s, { OffloadBlockList: M }, rec.ndis);
    expect(rec.made.map((m) => m.fn)).toEqual(['NdisInitiateOffload']);
    const P = passedDown(rec.made);
    expect(blocksOf(P).map((p) => [p.OffloadHandle?.owner, p.OffloadHandle?.label])).toEqual([
      ['IM1', 'neighbor'],
      ['IM1', 'path'],
      ['IM1', 'tcp 1'],
    ]);
    expect(P.DependentBlockList!.DependentBlockList!.State).toBe(tcpState);
    expect(blocksOf(M).every((m) => m.State === null)).toBe(true); // the structures went down with the tree
    expect(P.ImReserved[0]).toBe(Object.keys(s.calls).map(Number)[0]);
    expect(Object.values(s.entries).map((e) => [e.upperHandle.label, e.state])).toEqual([
      ['neighbor', 'Offloading'],
      ['path', 'Offloading'],
      ['tcp 1', 'Offloading'],
    ]);
  });

  it('completes upward with the root it got, its ImReserved and SourceHandle restored, statuses and contexts written', () => {
    const s = fresh();
    const { M, made } = offload(s);
    const up = made.filter((m) => m.fn === 'NdisMInitiateOffloadComplete');
    expect(up).toHaveLength(1);
    expect(up[0]!.args).toEqual([MINIPORT, M]);
    expect(up[0]!.args[1]).toBe(M);
    expect(M.ImReserved).toEqual(['upper', 7]);
    expect(M.SourceHandle).toBe('source of the layer above');
    expect(blocksOf(M).map((m) => m.Status)).toEqual([NDIS_STATUS.NDIS_STATUS_SUCCESS, NDIS_STATUS.NDIS_STATUS_SUCCESS, NDIS_STATUS.NDIS_STATUS_SUCCESS]);
    expect(blocksOf(M).map((m) => m.MiniportOffloadContext?.value)).toEqual([
      contextOf(s, 'neighbor'),
      contextOf(s, 'path'),
      contextOf(s, 'tcp 1'),
    ]);
    expect(blocksOf(M).every((m) => m.State !== null)).toBe(true); // the structures came back
    expect(Object.values(s.entries).map((e) => e.state)).toEqual(['Offloaded', 'Offloaded', 'Offloaded']);
    expect(s.calls).toEqual({});
  });

  it('a failed initiate frees the entries and writes no context', () => {
    const s = fresh();
    const { M } = offload(s, NDIS_STATUS.NDIS_STATUS_FAILURE);
    expect(blocksOf(M).map((m) => m.MiniportOffloadContext?.value)).toEqual([null, null, null]);
    expect(blocksOf(M).map((m) => m.Status)).toEqual([NDIS_STATUS.NDIS_STATUS_FAILURE, NDIS_STATUS.NDIS_STATUS_FAILURE, NDIS_STATUS.NDIS_STATUS_FAILURE]);
    expect(s.entries).toEqual({});
    expect(s.byHandle).toEqual({});
  });

  it('a linker to one of its entries goes down with its own handle, and no new entry is made for it', () => {
    const s = fresh();
    offload(s);
    const before = Object.keys(s.entries).length;
    const linker = createMiniportBlockList(OFFLOAD_STATE_TYPE.Ip4OffloadState, { value: contextOf(s, 'path') }, hostHandle(2, 'path'), null);
    const rec = recordingNdis();
    im.MiniportInitiateOffload(s, { OffloadBlockList: linker }, rec.ndis);
    const P = passedDown(rec.made);
    expect(P.OffloadHandle).toEqual(ownHandleOf(s, 'path'));
    expect(Object.keys(s.entries)).toHaveLength(before);
  });

  it('a slot holding a context that is not its own, and a placeholder, go down without a handle', () => {
    const s = fresh();
    const foreign = createMiniportBlockList(OFFLOAD_STATE_TYPE.Ip4OffloadState, { value: { owner: 'IM2', id: 1 } }, hostHandle(2, 'path'), null);
    const placeholder = withDependents(createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, null, null), [foreign]);
    const rec = recordingNdis();
    im.MiniportInitiateOffload(s, { OffloadBlockList: placeholder }, rec.ndis);
    const P = passedDown(rec.made);
    expect([P.OffloadHandle, P.DependentBlockList!.OffloadHandle]).toEqual([null, null]);
    expect(s.entries).toEqual({});
    // Their completion carries the statuses back and writes no context into either.
    P.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    P.DependentBlockList!.Status = NDIS_STATUS.NDIS_STATUS_FAILURE;
    im.ProtocolInitiateOffloadComplete(s, { OffloadBlockList: P }, rec.ndis);
    expect(rec.made.map((m) => m.fn)).toEqual(['NdisInitiateOffload', 'NdisMInitiateOffloadComplete']);
    expect([placeholder.Status, foreign.Status]).toEqual([NDIS_STATUS.NDIS_STATUS_SUCCESS, NDIS_STATUS.NDIS_STATUS_FAILURE]);
    expect(foreign.MiniportOffloadContext!.value).toEqual({ owner: 'IM2', id: 1 });
  });

  it('a completion whose tree has grown below carries back only the nodes it passed down', () => {
    const s = fresh();
    const M = newChain();
    const rec = recordingNdis();
    im.MiniportInitiateOffload(s, { OffloadBlockList: M }, rec.ndis);
    const P = passedDown(rec.made);
    for (const p of blocksOf(P)) p.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    const extra = createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, null);
    extra.Status = NDIS_STATUS.NDIS_STATUS_FAILURE;
    P.NextBlock = extra; // a lower layer that adds a sibling of the root
    im.ProtocolInitiateOffloadComplete(s, { OffloadBlockList: P }, rec.ndis);
    expect(M.NextBlock).toBeNull();
    expect(blocksOf(M).map((m) => m.Status)).toEqual([NDIS_STATUS.NDIS_STATUS_SUCCESS, NDIS_STATUS.NDIS_STATUS_SUCCESS, NDIS_STATUS.NDIS_STATUS_SUCCESS]);
  });

  it('a query completing while an initiate is in flight is not the initiate completion: the initiate still writes the contexts', () => {
    const s = fresh();
    const M = newChain();
    const rec = recordingNdis();
    im.MiniportInitiateOffload(s, { OffloadBlockList: M }, rec.ndis);
    const P = passedDown(rec.made);
    const tcpEntry = Object.values(s.entries).find((e) => e.upperHandle.label === 'tcp 1')!;
    // The layer above queries the connection before the initiate completed (a rule it breaks; the driver keeps its entries right).
    const query = createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, { value: { owner: 'IM1', id: tcpEntry.id } }, hostHandle(3, 'tcp 1'), null);
    im.MiniportQueryOffload(s, { OffloadBlockList: query }, rec.ndis);
    const Q = passedDown(rec.made);
    Q.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    im.ProtocolQueryOffloadComplete(s, { OffloadBlockList: Q }, rec.ndis);
    expect(tcpEntry.state).toBe('Offloading');
    for (const p of blocksOf(P)) p.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    im.ProtocolInitiateOffloadComplete(s, { OffloadBlockList: P }, rec.ndis);
    expect(blocksOf(M).map((m) => m.MiniportOffloadContext?.value)).toEqual([contextOf(s, 'neighbor'), contextOf(s, 'path'), contextOf(s, 'tcp 1')]);
  });
});

describe('completions the pass-through driver cannot match', () => {
  it.each([
    ['a call entry id it never gave', 99],
    ['no number at all', 'not an id'],
  ])('a completion whose ImReserved[0] holds %s is dropped and narrated, and nothing goes up', (_, key) => {
    const s = fresh();
    const rec = recordingNdis();
    im.MiniportInitiateOffload(s, { OffloadBlockList: newChain() }, rec.ndis);
    const P = passedDown(rec.made);
    P.ImReserved[0] = key;
    im.ProtocolInitiateOffloadComplete(s, { OffloadBlockList: P }, rec.ndis);
    expect(rec.made.map((m) => m.fn)).toEqual(['NdisInitiateOffload']);
    expect(rec.printed).toEqual(['got a completion whose ImReserved names no call entry of its own; dropped']);
    expect(Object.keys(s.calls)).toHaveLength(1);
  });

  it('a placeholder root whose ImReserved names no call entry is dropped too', () => {
    const s = fresh();
    const rec = recordingNdis();
    const P = createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, null);
    P.ImReserved[0] = 5;
    im.ProtocolTerminateOffloadComplete(s, { OffloadBlockList: P }, rec.ndis);
    expect(rec.made).toEqual([]);
    expect(rec.printed).toEqual(['got a completion whose ImReserved names no call entry of its own; dropped']);
  });
});

describe('terminate through the pass-through driver', () => {
  it('moves the entries to Terminating on the way down and frees them when the completion goes up, carrying the returned state', () => {
    const s = fresh();
    offload(s);
    const tcpOnly = createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, { value: contextOf(s, 'tcp 1') }, hostHandle(3, 'tcp 1'), null);
    const rec = recordingNdis();
    im.MiniportTerminateOffload(s, { OffloadBlockList: tcpOnly }, rec.ndis);
    expect(Object.values(s.entries).map((e) => [e.upperHandle.label, e.state])).toEqual([
      ['neighbor', 'Offloaded'],
      ['path', 'Offloaded'],
      ['tcp 1', 'Terminating'],
    ]);
    const P = passedDown(rec.made);
    expect(rec.made[0]!.fn).toBe('NdisTerminateOffload');
    const returned = { Const: null, Cached: null, Delegated: delegatedTcpState(TCPSTATE.TCPSTATE_ESTABLISHED) } as unknown as typeof P.State;
    (P as { State: unknown }).State = returned;
    P.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    P.NetBufferListChain = nblChain(40, 41);
    im.ProtocolTerminateOffloadComplete(s, { OffloadBlockList: P }, rec.ndis);
    expect(rec.made.map((m) => m.fn)).toEqual(['NdisTerminateOffload', 'NdisMTerminateOffloadComplete']);
    expect(tcpOnly.State).toBe(returned);
    expect(tcpOnly.NetBufferListChain?.id).toBe(40);
    expect(tcpOnly.Status).toBe(NDIS_STATUS.NDIS_STATUS_SUCCESS);
    expect(Object.values(s.entries).map((e) => e.upperHandle.label)).toEqual(['neighbor', 'path']);
    expect(Object.keys(s.byHandle)).toHaveLength(2);
  });

  it('a query completing while the connection is being terminated frees nothing; the terminate completion does', () => {
    const s = fresh();
    offload(s);
    const tcpContext = contextOf(s, 'tcp 1');
    const rec = recordingNdis();
    im.MiniportQueryOffload(s, { OffloadBlockList: createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, { value: tcpContext }, hostHandle(3, 'tcp 1'), null) }, rec.ndis);
    const Q = passedDown(rec.made);
    im.MiniportTerminateOffload(s, { OffloadBlockList: createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, { value: tcpContext }, hostHandle(3, 'tcp 1'), null) }, rec.ndis);
    const T = passedDown(rec.made);
    Q.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    im.ProtocolQueryOffloadComplete(s, { OffloadBlockList: Q }, rec.ndis);
    expect(s.entries[tcpContext.id]?.state).toBe('Terminating');
    T.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    im.ProtocolTerminateOffloadComplete(s, { OffloadBlockList: T }, rec.ndis);
    expect(s.entries[tcpContext.id]).toBeUndefined();
  });

  it.each([
    ['MiniportUpdateOffload', 'NdisUpdateOffload', 'NdisMUpdateOffloadComplete', 'ProtocolUpdateOffloadComplete'],
    ['MiniportInvalidateOffload', 'NdisInvalidateOffload', 'NdisMInvalidateOffloadComplete', 'ProtocolInvalidateOffloadComplete'],
    ['MiniportQueryOffload', 'NdisQueryOffloadState', 'NdisMQueryOffloadStateComplete', 'ProtocolQueryOffloadComplete'],
  ] as const)('%s goes down as %s and comes back up as %s, moving no entry', (handler, down, up, completion) => {
    const s = fresh();
    offload(s);
    const node = createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, { value: contextOf(s, 'tcp 1') }, hostHandle(3, 'tcp 1'), null);
    node.ImReserved = ['kept', null];
    const rec = recordingNdis();
    im[handler](s, { OffloadBlockList: node }, rec.ndis);
    const P = passedDown(rec.made);
    expect(P.OffloadHandle).toEqual(ownHandleOf(s, 'tcp 1'));
    P.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    im[completion](s, { OffloadBlockList: P }, rec.ndis);
    expect(rec.made.map((m) => m.fn)).toEqual([down, up]);
    expect(node.ImReserved).toEqual(['kept', null]);
    expect(Object.values(s.entries).map((e) => e.state)).toEqual(['Offloaded', 'Offloaded', 'Offloaded']);
  });
});

describe('data I/O through the pass-through driver', () => {
  const IO = [
    ['MiniportTcpOffloadSend', 'NdisOffloadTcpSend', 'NdisTcpOffloadSendComplete'],
    ['MiniportTcpOffloadReceive', 'NdisOffloadTcpReceive', 'NdisTcpOffloadReceiveComplete'],
    ['MiniportTcpOffloadDisconnect', 'NdisOffloadTcpDisconnect', 'NdisTcpOffloadDisconnectComplete'],
    ['MiniportTcpOffloadForward', 'NdisOffloadTcpForward', 'NdisTcpOffloadForwardComplete'],
  ] as const;

  it.each(IO)('%s goes down as %s with its own handle, and returns what the layer below returned', (handler, down) => {
    const s = fresh();
    offload(s);
    const rec = recordingNdis({ returns: NDIS_STATUS.NDIS_STATUS_INVALID_STATE });
    const NetBufferList = nblChain(1);
    const returned = im[handler](s, { MiniportOffloadContext: contextOf(s, 'tcp 1'), NetBufferList, Flags: 0 }, rec.ndis);
    expect(returned).toBe(NDIS_STATUS.NDIS_STATUS_INVALID_STATE);
    expect(rec.made).toHaveLength(1);
    expect(rec.made[0]!.fn).toBe(down);
    expect(rec.made[0]!.args[0]).toEqual(ownHandleOf(s, 'tcp 1'));
    expect(rec.made[0]!.args[1]).toBe(NetBufferList);
  });

  it.each(IO)('%s with a context that is not one of its entries completes every NBL with NDIS_STATUS_INVALID_STATE', (handler, _, complete) => {
    const s = fresh();
    offload(s);
    for (const context of [{ owner: 'IM2', id: contextOf(s, 'tcp 1').id }, { owner: 'IM1', id: 999 }, null]) {
      const rec = recordingNdis({ returns: NDIS_STATUS.NDIS_STATUS_SUCCESS });
      const NetBufferList = nblChain(1, 2);
      const returned = im[handler](s, { MiniportOffloadContext: context, NetBufferList, Flags: 0 }, rec.ndis);
      expect(returned).toBe(NDIS_STATUS.NDIS_STATUS_PENDING);
      expect(rec.made.map((m) => [m.fn, m.args[0]])).toEqual([[complete, MINIPORT]]);
      expect(rec.made[0]!.args[1]).toBe(NetBufferList);
      expect([NetBufferList.Status, NetBufferList.Next!.Status]).toEqual([NDIS_STATUS.NDIS_STATUS_INVALID_STATE, NDIS_STATUS.NDIS_STATUS_INVALID_STATE]);
      expect(rec.printed).toEqual([`${handler} got a context that is not one of its offload entries; completes the NBL with NDIS_STATUS_INVALID_STATE`]);
    }
  });

  it('MiniportTcpOffloadDisconnect passes the Flags down unchanged', () => {
    const s = fresh();
    offload(s);
    const rec = recordingNdis();
    im.MiniportTcpOffloadDisconnect(s, { MiniportOffloadContext: contextOf(s, 'tcp 1'), NetBufferList: nblChain(1), Flags: 1 }, rec.ndis);
    expect(rec.made[0]!.args[2]).toBe(1);
  });

  it('MiniportTcpOffloadReceiveReturn goes down on its binding and returns what the layer below returned', () => {
    const s = fresh();
    const rec = recordingNdis({ returns: NDIS_STATUS.NDIS_STATUS_FAILURE });
    const NetBufferList = nblChain(5);
    expect(im.MiniportTcpOffloadReceiveReturn(s, { NetBufferList }, rec.ndis)).toBe(NDIS_STATUS.NDIS_STATUS_FAILURE);
    expect(rec.made).toEqual([{ fn: 'NdisOffloadTcpReceiveReturn', args: [BINDING, NetBufferList] }]);
  });

  it.each([
    ['ProtocolTcpOffloadSendComplete', 'NdisTcpOffloadSendComplete'],
    ['ProtocolTcpOffloadReceiveComplete', 'NdisTcpOffloadReceiveComplete'],
    ['ProtocolTcpOffloadDisconnectComplete', 'NdisTcpOffloadDisconnectComplete'],
    ['ProtocolTcpOffloadForwardComplete', 'NdisTcpOffloadForwardComplete'],
  ] as const)('%s completes the same NBLs upward with %s', (handler, up) => {
    const s = fresh();
    const rec = recordingNdis();
    const NetBufferList = nblChain(8, 9);
    im[handler](s, { NetBufferList }, rec.ndis);
    expect(rec.made).toEqual([{ fn: up, args: [MINIPORT, NetBufferList] }]);
  });
});

describe('indications through the pass-through driver', () => {
  it('ProtocolTcpOffloadEvent is relayed with the upper handle, EventType and information unchanged', () => {
    const s = fresh();
    offload(s);
    const rec = recordingNdis();
    im.ProtocolTcpOffloadEvent(s, { OffloadContext: ownHandleOf(s, 'tcp 1'), EventType: E.TcpIndicateRetrieve, EventSpecificInformation: R.InvalidState }, rec.ndis);
    expect(rec.made).toEqual([{ fn: 'NdisTcpOffloadEventHandler', args: [hostHandle(3, 'tcp 1'), E.TcpIndicateRetrieve, R.InvalidState] }]);
  });

  it('ProtocolTcpOffloadEvent with a handle that is not its own is dropped and narrated', () => {
    const s = fresh();
    offload(s);
    const rec = recordingNdis();
    const stranger = createOffloadHandle('IM2', ownHandleOf(s, 'tcp 1').id, 'tcp 1');
    im.ProtocolTcpOffloadEvent(s, { OffloadContext: stranger, EventType: E.TcpIndicateAbort, EventSpecificInformation: 0 }, rec.ndis);
    im.ProtocolTcpOffloadEvent(s, { OffloadContext: createOffloadHandle('IM1', 999, 'tcp 9'), EventType: E.TcpIndicateAbort, EventSpecificInformation: 0 }, rec.ndis);
    expect(rec.made).toEqual([]);
    expect(rec.printed).toEqual([
      `received an indication with handle IM2#${stranger.id}, which is not one of its own; dropped`,
      'received an indication with handle IM1#999, which is not one of its own; dropped',
    ]);
  });

  it('ProtocolIndicateOffloadEvent goes up with the upper handle, the state structures and the Status', () => {
    const s = fresh();
    offload(s);
    const rec = recordingNdis();
    const state = { Const: { DlSourceAddress: '', VlanId: 0 }, Cached: { DlDestinationAddress: 'x', HostReachabilityDelta: 0 }, Delegated: { NicReachabilityDelta: 3 } };
    const P = createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, ownHandleOf(s, 'neighbor'), state);
    P.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    im.ProtocolIndicateOffloadEvent(s, { OffloadBlockList: P, IndicationCode: INDICATE_OFFLOAD_EVENT.NeighborReachabilityQuery }, rec.ndis);
    expect(rec.made.map((m) => [m.fn, m.args[0], m.args[2]])).toEqual([['NdisMOffloadEventIndicate', MINIPORT, INDICATE_OFFLOAD_EVENT.NeighborReachabilityQuery]]);
    const M = rec.made[0]!.args[1] as NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;
    expect(M.NdisOffloadHandle).toEqual(hostHandle(1, 'neighbor'));
    expect(M.Header.Type).toBe(OFFLOAD_STATE_TYPE.NeighborOffloadState);
    expect(M.State).toBe(state);
    expect(M.Status).toBe(NDIS_STATUS.NDIS_STATUS_SUCCESS);
    expect(M.MiniportOffloadContext).toBeNull();
  });

  it('ProtocolIndicateOffloadEvent for a handle that is not its own goes up with no handle', () => {
    const s = fresh();
    const rec = recordingNdis();
    const P = createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, createOffloadHandle('IM1', 5, 'neighbor'), null);
    im.ProtocolIndicateOffloadEvent(s, { OffloadBlockList: P, IndicationCode: INDICATE_OFFLOAD_EVENT.NeighborReachabilityQuery }, rec.ndis);
    expect((rec.made[0]!.args[1] as NDIS_MINIPORT_OFFLOAD_BLOCK_LIST).NdisOffloadHandle).toBeNull();
  });

  it('ProtocolTcpOffloadReceiveIndicate is relayed with the upper handle, and the upper result is its result', () => {
    const s = fresh();
    offload(s);
    const upper = { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED, BytesConsumed: 40 };
    const rec = recordingNdis({ upper });
    const NetBufferList = nblChain(3);
    const result = im.ProtocolTcpOffloadReceiveIndicate(s, { OffloadContext: ownHandleOf(s, 'tcp 1'), NetBufferList, Status: NDIS_STATUS.NDIS_STATUS_SUCCESS }, rec.ndis);
    expect(result).toEqual(upper);
    expect(rec.made).toEqual([{ fn: 'NdisTcpOffloadReceiveHandler', args: [hostHandle(3, 'tcp 1'), NetBufferList, NDIS_STATUS.NDIS_STATUS_SUCCESS] }]);
  });

  it('ProtocolTcpOffloadReceiveIndicate: an upper call that waits, or a handle that is not its own, is data not accepted', () => {
    const s = fresh();
    offload(s);
    const notAccepted = { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, BytesConsumed: 0 };
    const waiting = recordingNdis({ upper: null });
    expect(im.ProtocolTcpOffloadReceiveIndicate(s, { OffloadContext: ownHandleOf(s, 'tcp 1'), NetBufferList: nblChain(3), Status: 0 }, waiting.ndis)).toEqual(notAccepted);
    const stranger = recordingNdis({ upper: { Status: NDIS_STATUS.NDIS_STATUS_SUCCESS, BytesConsumed: 100 } });
    const result = im.ProtocolTcpOffloadReceiveIndicate(s, { OffloadContext: createOffloadHandle('IM9', 1, 'tcp 1'), NetBufferList: nblChain(4), Status: 0 }, stranger.ndis);
    expect(result).toEqual(notAccepted);
    expect(stranger.made).toEqual([]);
    expect(stranger.printed).toEqual(['received data with handle IM9#1, which is not one of its own; not accepted']);
  });

  it('status indications and the normal paths pass through unchanged', () => {
    const s = fresh();
    const rec = recordingNdis();
    const StatusIndication = { StatusCode: NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL } as never;
    const frame = { segment: 'a frame' } as never;
    im.ProtocolStatusEx(s, { StatusIndication }, rec.ndis);
    im.ProtocolReceiveNetBufferLists(s, { NetBufferLists: frame }, rec.ndis);
    im.MiniportSendNetBufferLists(s, { NetBufferLists: frame }, rec.ndis);
    expect(rec.made).toEqual([
      { fn: 'NdisMIndicateStatusEx', args: [MINIPORT, StatusIndication] },
      { fn: 'NdisMIndicateReceiveNetBufferLists', args: [MINIPORT, frame] },
      { fn: 'NdisSendNetBufferLists', args: [BINDING, frame] },
    ]);
  });
});

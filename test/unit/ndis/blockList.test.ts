/**
 * Block lists typed by Header.Type (reference §4.1): the guards narrow a node to its family, so its
 * State is the neighbor, path or TCP structure without a cast; the tree helpers keep the form.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  blocksOf,
  createMiniportBlockList,
  createProtocolBlockList,
  isNeighborBlock,
  isPathBlock,
  isTcpBlock,
  tcpStateOf,
  withDependents,
  type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
  type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
} from '../../../src/ndis/blockList.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import type { NeighborOffloadStructures, PathOffloadStructures, TcpOffloadStructures } from '../../../src/ndis/stateStructures.js';

const neighbor = () =>
  createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, { Cached: { DlDestinationAddress: '02:00:00:00:00:02', HostReachabilityDelta: 0 } });
const path = () => createProtocolBlockList(OFFLOAD_STATE_TYPE.Ip6OffloadState, null, { Cached: { PathMtu: 1500 } });
const tcp = () => createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadDelegatedState, null, null);
/** A node seen as the whole union, as a handler receives it. */
const asProtocol = (n: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST => n;
const asMiniport = (n: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST => n;

describe('block lists typed by Header.Type', () => {
  it('each guard accepts exactly its family of Header.Type values', () => {
    const nodes: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[] = [neighbor(), path(), tcp()];
    expect(nodes.map((n) => [isNeighborBlock(n), isPathBlock(n), isTcpBlock(n)])).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
    ]);
    const filter = createMiniportBlockList(OFFLOAD_STATE_TYPE.FilterReservedOffloadState, null, null, null);
    expect([isNeighborBlock(filter), isPathBlock(filter), isTcpBlock(filter)]).toEqual([false, false, false]);
  });

  it('narrowing gives the State of the family, in both forms', () => {
    const p = asProtocol(path());
    if (isPathBlock(p)) expectTypeOf(p.State).toEqualTypeOf<PathOffloadStructures | null>();
    if (isNeighborBlock(p)) expectTypeOf(p.State).toEqualTypeOf<NeighborOffloadStructures | null>();
    const m = asMiniport(createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, null, null, {}));
    if (isTcpBlock(m)) expectTypeOf(m.State).toEqualTypeOf<TcpOffloadStructures | null>();
    expectTypeOf(tcpStateOf(m)).toEqualTypeOf<TcpOffloadStructures | undefined>();
    expect(tcpStateOf(p)).toBeUndefined();
  });

  it('the typed factories return the family their Type names; the tree helpers keep the form', () => {
    expectTypeOf(path().State).toEqualTypeOf<PathOffloadStructures | null>();
    const root = withDependents(neighbor(), [withDependents(path(), [tcp()])]);
    expectTypeOf(blocksOf(root)).toEqualTypeOf<NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[]>();
    expect(blocksOf(root).map((n) => n.Header.Type)).toEqual([
      OFFLOAD_STATE_TYPE.NeighborOffloadState,
      OFFLOAD_STATE_TYPE.Ip6OffloadState,
      OFFLOAD_STATE_TYPE.TcpOffloadDelegatedState,
    ]);
  });
});

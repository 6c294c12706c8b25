/**
 * The branches of the target's initiate walk (initiateOffload.ts) the worked examples of
 * initiateTree.test.ts do not reach: a root sibling that fails while the others go on, a linker whose
 * dependents partly or wholly fail, new nodes the target cannot offload (no offload layer, no state
 * structures, the wrong parent), and a TCP node that does not say its ports.
 */
import { describe, expect, it } from 'vitest';
import { initiateOffload, type TargetAllocator } from '../../../src/drivers/reference/target/initiateOffload.js';
import type { TargetObject } from '../../../src/drivers/reference/target/TargetState.js';
import { blocksOf, createMiniportBlockList, linkSiblings, withDependents, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../src/ndis/blockList.js';
import { createOffloadHandle } from '../../../src/ndis/NDIS_OFFLOAD_HANDLE.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE, type OffloadLayer } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import type { OffloadStateStructures } from '../../../src/ndis/stateStructures.js';
import { fourTupleText } from '../../../src/wire/FourTuple.js';

const { NDIS_STATUS_SUCCESS: SUCCESS, NDIS_STATUS_FAILURE: FAILURE, NDIS_STATUS_RESOURCES: RESOURCES } = NDIS_STATUS;
const PARTIAL = NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS;

let serial = 1;
/** A new node (empty slot) of `Type` labelled `label`. */
const node = (Type: OFFLOAD_STATE_TYPE, label: string, State: OffloadStateStructures | null = null) =>
  createMiniportBlockList(Type, { value: null }, createOffloadHandle('host', serial++, label), State);
const neighbor = (label: string) => node(OFFLOAD_STATE_TYPE.NeighborOffloadState, label, { Const: { DlSourceAddress: '02:00:00:00:00:01', VlanId: 0 } });
const path = (label: string) => node(OFFLOAD_STATE_TYPE.Ip4OffloadState, label, { Const: { SourceAddress: '10.0.0.1', DestinationAddress: '10.0.0.2' } });
const tcp = (label: string, LocalPort = 5000) =>
  node(OFFLOAD_STATE_TYPE.TcpOffloadState, label, { Const: { Flags: 0, RemotePort: 80, LocalPort, SndWindScale: 0, RcvWindScale: 0, RemoteMss: 1460, HashValue: 0 } });

/** An allocator that fails the objects named in `fail` (by label) with their status, and records each admit. */
function allocator(fail: Record<string, NDIS_STATUS> = {}) {
  const admitted: Array<[OffloadLayer, string | null, string]> = [];
  const created: TargetObject[] = [];
  let current = '';
  const target: TargetAllocator = {
    admit: (layer, connection) => {
      admitted.push([layer, connection ? fourTupleText(connection) : null, current]);
      return fail[current] ?? SUCCESS;
    },
    create: (n, layer, parent) => {
      const o = {
        id: 100 + created.length, layer, parent: parent?.id ?? null, dependents: layer === 'Tcp' ? null : {}, state: layer === 'Tcp' ? null : n.State,
        NdisOffloadHandle: n.NdisOffloadHandle!,
      } as unknown as TargetObject;
      created.push(o);
      return o;
    },
    existing: (context) => created.find((o) => o.id === context.id) ?? null,
    contextOf: (o) => ({ owner: 'target', id: o.id }),
  };
  /** Walks `root`, telling admit which node it is asked about. */
  const walk = (root: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) => {
    const nodes = blocksOf(root);
    let i = 0;
    const labelled: TargetAllocator = { ...target, admit: (layer, c) => {
      // The walk admits nodes in tree order, skipping those it does not attempt: find the next new node of this layer.
      while (i < nodes.length && (nodes[i]!.NdisOffloadHandle === null || nodes[i]!.MiniportOffloadContext?.value || nodes[i]!.Status !== NDIS_STATUS.NDIS_STATUS_PENDING || layerOf(nodes[i]!) !== layer)) i++;
      current = nodes[i++]?.NdisOffloadHandle?.label ?? '';
      return target.admit(layer, c);
    } };
    initiateOffload(root, labelled);
  };
  return { walk, admitted, created };
}

const layerOf = (n: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): OffloadLayer | undefined =>
  n.Header.Type === OFFLOAD_STATE_TYPE.NeighborOffloadState ? 'Neighbor' : n.Header.Type === OFFLOAD_STATE_TYPE.TcpOffloadState ? 'Tcp' : n.Header.Type === OFFLOAD_STATE_TYPE.Ip4OffloadState ? 'Path' : undefined;

const statuses = (root: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) => blocksOf(root).map((n) => [n.NdisOffloadHandle?.label ?? 'placeholder', n.Status]);

describe('root siblings', () => {
  it('a later root that fails does not stop the roots after it: only a failed first root does', () => {
    const roots = linkSiblings([neighbor('N1'), neighbor('N2'), neighbor('N3')])!;
    const a = allocator({ N2: RESOURCES });
    a.walk(roots);
    expect(statuses(roots)).toEqual([['N1', SUCCESS], ['N2', RESOURCES], ['N3', SUCCESS]]);
    expect(a.admitted.map(([, , label]) => label)).toEqual(['N1', 'N2', 'N3']);
  });
});

describe('a linker is SUCCESS, PARTIAL_SUCCESS or FAILURE by its dependents', () => {
  /** N offloaded first; then a linker to N with paths P1, P2. */
  function linkerWith(fail: Record<string, NDIS_STATUS>) {
    const a = allocator(fail);
    const N = neighbor('N');
    a.walk(N);
    const linker = withDependents(createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, { value: N.MiniportOffloadContext!.value }, N.NdisOffloadHandle, null), [path('P1'), path('P2')]);
    a.walk(linker);
    return statuses(linker).map(([, status]) => status);
  }

  it.each([
    ['none fails', {}, [SUCCESS, SUCCESS, SUCCESS]],
    ['one of two fails', { P2: RESOURCES }, [PARTIAL, SUCCESS, RESOURCES]],
    ['both fail', { P1: RESOURCES, P2: RESOURCES }, [FAILURE, RESOURCES, RESOURCES]],
  ] as const)('%s', (_, fail, expected) => {
    expect(linkerWith(fail)).toEqual(expected);
  });
});

describe('new nodes the target cannot offload: FAILURE, and their dependents FAILURE, never admitted', () => {
  it.each([
    ['a Type that names no offload layer', () => node(OFFLOAD_STATE_TYPE.TcpOffloadConstState, 'X', {} as never)],
    ['no state structures', () => node(OFFLOAD_STATE_TYPE.NeighborOffloadState, 'X', null)],
    ['a path with no neighbor above it', () => path('X')],
  ] as const)('%s', (_, make) => {
    const root = withDependents(make(), [tcp('T')]);
    const a = allocator();
    a.walk(root);
    expect(statuses(root)).toEqual([['X', FAILURE], ['T', FAILURE]]);
    expect(a.admitted).toEqual([]);
    expect(root.MiniportOffloadContext!.value).toBeNull();
  });

  it('a connection straight under a neighbor fails; a neighbor under a neighbor is offloaded', () => {
    const root = withDependents(neighbor('N'), [tcp('T'), neighbor('N2')]);
    const a = allocator();
    a.walk(root);
    expect(statuses(root)).toEqual([['N', PARTIAL], ['T', FAILURE], ['N2', SUCCESS]]);
    expect(a.admitted.map(([layer, , label]) => [layer, label])).toEqual([['Neighbor', 'N'], ['Neighbor', 'N2']]);
  });
});

describe('the connection admit is asked about', () => {
  it('a TCP node names its 4-tuple from its ports and its path; one without TCP_OFFLOAD_STATE_CONST names none', () => {
    const root = withDependents(neighbor('N'), [withDependents(path('P'), [tcp('T1', 5001), node(OFFLOAD_STATE_TYPE.TcpOffloadState, 'T2', {} as never)])]);
    const a = allocator();
    a.walk(root);
    expect(a.admitted.map(([layer, key]) => [layer, key])).toEqual([
      ['Neighbor', null],
      ['Path', null],
      ['Tcp', '10.0.0.1:5001-10.0.0.2:80'],
      ['Tcp', null],
    ]);
  });
});

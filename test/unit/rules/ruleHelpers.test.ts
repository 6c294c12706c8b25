/**
 * What the rule families share (book/helpers.ts), seen through the findings that use it: a state value
 * outside TCP_CONNECTION_OFFLOAD_STATE named by its number, a placeholder node (no handle, no slot) named
 * `placeholder` and never taken for a new offload, and event texts for an EventType outside
 * TCP_OFFLOAD_EVENT_TYPE and for event information that is not zero.
 */
import { describe, expect, it } from 'vitest';
import { createProtocolBlockList, withDependents, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../../src/ndis/blockList.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { Bench, IM1_TARGET, neighbor, nothing, path, tcp, throughIm1 } from './ruleBench.js';

const found = (b: Bench) => b.violations.map((v) => [v.rule, v.layer, v.detail, v.objects]);

/** A placeholder root (no handle) over `dependents`. */
const placeholder = (...dependents: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[]) =>
  withDependents(createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, null), dependents);

describe('state names', () => {
  it('a value outside TCP_CONNECTION_OFFLOAD_STATE is named by its number', () => {
    const b = new Bench();
    b.offloadState(99, S.TcpConnectionOffloadStateInHost, 'a bug');
    expect(found(b)).toEqual([['offload-transition-legal', 'host', '99 → InHost on a bug is not an edge of the offload-state graph', ['tcp 1']]]);
  });
});

describe('placeholders', () => {
  it('an initiate under a placeholder root is legal, and only its new nodes are new offloads', () => {
    const b = new Bench();
    const { N, P, T } = nothing(b);
    b.complete(b.initiate(placeholder(neighbor(N, path(P, tcp(T))))));
    expect(found(b)).toEqual([]);
  });

  it('while offloads are paused the placeholder is not an offload started; the neighbor under it is', () => {
    const b = new Bench();
    const { N, P, T } = nothing(b);
    b.status(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE);
    b.initiate(placeholder(neighbor(N, path(P, tcp(T)))));
    expect(found(b).map(([rule, , , objects]) => [rule, objects])).toEqual([
      ['no-offload-while-paused', ['neighbor']],
      ['no-offload-while-paused', ['path']],
      ['no-offload-while-paused', ['tcp 1']],
    ]);
  });

  it('a placeholder completed without a Status is named `placeholder`', () => {
    const b = new Bench();
    const { N, P, T } = nothing(b);
    b.complete(b.initiate(placeholder(neighbor(N, path(P, tcp(T))))), { placeholder: NDIS_STATUS.NDIS_STATUS_PENDING });
    expect(found(b)).toEqual([['status-written-on-every-node', 'target', '1 node(s) completed without a Status', ['placeholder']]]);
  });
});

describe('event texts', () => {
  it.each([
    [E.TcpIndicateDisconnect, 0, 'TcpIndicateDisconnect'],
    [E.TcpIndicateDisconnect, 7, 'TcpIndicateDisconnect(7)'],
    [9, 3, 'EventType 9(3)'],
  ])('EventType %i with information %i is %s', (EventType, info, text) => {
    const b = new Bench();
    const { im } = throughIm1(b);
    b.at(IM1_TARGET).event(im.T, EventType, info);
    b.quiescence();
    const dropped = b.violations.filter((v) => v.rule === 'im-relays-tcp-offload-event').map((v) => v.detail);
    expect(dropped).toEqual([
      `IM1's ProtocolTcpOffloadEvent got ${text} with its handle ${im.T.owner}#${im.T.id} and returned without passing it up (NdisTcpOffloadEventHandler with the stored upper handle)`,
    ]);
  });
});

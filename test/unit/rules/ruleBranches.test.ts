/**
 * The other branches of the rules: everyRule.test.ts gives each rule one breaking case; here each rule
 * meets the cases its condition also covers (a linker to an object still Offloading or already
 * Uploading, every RFC 793 state offered for offload, a data I/O handler returning FAILURE, an
 * indication on a path or neighbor handle, ...) and the nearest cases it must let pass. Each finding is
 * asserted whole: the rule, the layer blamed, the detail a learner reads, and the objects named.
 */
import { describe, expect, it } from 'vitest';
import { NDIS_STATUS, NdisStatusEnum } from '../../../src/ndis/NDIS_STATUS.js';
import { nblText } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S, TcpConnectionOffloadStateEnum } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE, tcpStateShortName } from '../../../src/ndis/TCPSTATE.js';
import { createProtocolBlockList } from '../../../src/ndis/blockList.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { Bench, HOST_IM1, IM1_TARGET, initiating, neighbor, offloaded, path, tcp } from './ruleBench.js';

/** Every finding so far: rule, layer blamed, detail, objects. */
const found = (b: Bench) => b.violations.map((v) => [v.rule, v.layer, v.detail, v.objects]);

describe('state-manipulation requests', () => {
  it('linker-references-offloaded-object: a linker to an object already Uploading', () => {
    const b = new Bench();
    const o = offloaded(b);
    b.terminate(path(o.P, tcp(o.T)));
    b.initiate(path(o.P, tcp(o.T2)));
    expect(found(b)).toEqual([['linker-references-offloaded-object', 'host', 'linker for an object that is not Offloaded', ['path']]]);
  });

  it('linker-references-offloaded-object: a linker to an Offloaded object is legal, and so is one after the object came back and went again', () => {
    const b = new Bench();
    const o = offloaded(b);
    b.complete(b.initiate(path(o.P, tcp(o.T2))));
    expect(found(b)).toEqual([]);
  });

  it('linker-references-offloaded-object: a linker naming an object never offloaded through this binding', () => {
    const b = new Bench();
    const host = offloaded(b.at(HOST_IM1)); // the host's handles got contexts at binding 0 only
    b.at(IM1_TARGET).initiate(path(host.P, tcp(host.T2)));
    expect(found(b).map(([rule, , detail, objects]) => [rule, detail, objects])).toEqual([
      ['linker-references-offloaded-object', 'linker for an object that is not Offloaded', ['path']],
    ]);
  });

  it('offload-only-synchronized-tcp-state judges only TCP nodes that carry their delegated state', () => {
    const b = new Bench();
    const o = offloaded(b);
    b.complete(b.initiate(path(o.P, createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, o.T, null))));
    expect(found(b)).toEqual([]);
  });

  const OFFLOADABLE = ['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK'];
  it.each(Object.entries(TCPSTATE).filter(([name]) => name.startsWith('TCPSTATE_')))(
    'offload-only-synchronized-tcp-state: a connection offered in %s',
    (name, state) => {
      const b = new Bench();
      const o = offloaded(b);
      b.initiate(path(o.P, tcp(o.T2, state)));
      const short = name.replace('TCPSTATE_', '');
      expect(tcpStateShortName(state)).toBe(short);
      expect(found(b)).toEqual(
        OFFLOADABLE.includes(short) ? [] : [['offload-only-synchronized-tcp-state', 'host', `offload of a connection in ${short}`, ['tcp 2']]],
      );
    },
  );

  it('no-duplicate-offload names the state the object is already in', () => {
    const b = new Bench();
    const { N, P, T } = initiating(b);
    b.initiate(neighbor(N, path(P, tcp(T))));
    expect(found(b)).toEqual([
      ['no-duplicate-offload', 'host', 'new offload of an object already Offloading', ['neighbor']],
      ['no-duplicate-offload', 'host', 'new offload of an object already Offloading', ['path']],
      ['no-duplicate-offload', 'host', 'new offload of an object already Offloading', ['tcp 1']],
    ]);
  });

  it('no-offload-while-paused: after OFFLOAD_PAUSE a new offload is found; after OFFLOAD_RESUME it is legal', () => {
    const b = new Bench();
    const o = offloaded(b);
    b.status(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE);
    const call = b.initiate(path(o.P, tcp(o.T2)));
    expect(found(b)).toEqual([['no-offload-while-paused', 'host', 'host started an offload while the target below had paused offloads', ['tcp 2']]]);
    b.complete(call, { 'tcp 2': NDIS_STATUS.NDIS_STATUS_FAILURE });
    b.status(NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME);
    b.complete(b.initiate(path(o.P, tcp(o.T2))));
    expect(b.violations).toHaveLength(1);
  });

  it('no-offload-while-paused judges only initiates: a query while paused, of an object still Offloading, is another rule\'s finding', () => {
    const b = new Bench();
    const { T } = initiating(b);
    b.status(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE);
    b.query(tcp(T));
    expect(found(b).map(([rule]) => rule)).toEqual(['no-operation-before-initiate-complete']);
  });

  it.each(['Terminate', 'Update', 'Query', 'Invalidate'] as const)('no-operation-before-initiate-complete: %s while the initiate is in flight', (op) => {
    const b = new Bench();
    const { T } = initiating(b);
    b.request(op, tcp(T));
    expect(found(b)).toContainEqual(['no-operation-before-initiate-complete', 'host', `${op} while the initiate is still in flight`, ['tcp 1']]);
  });

  it.each(['Terminate', 'Update', 'Query', 'Invalidate'] as const)('no-operation-after-terminate: %s of an object already Uploading', (op) => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.terminate(tcp(T));
    b.request(op, tcp(T));
    expect(found(b)).toContainEqual(['no-operation-after-terminate', 'host', `${op} of an object already Uploading`, ['tcp 1']]);
  });

  it.each(['Terminate', 'Update', 'Query', 'Invalidate'] as const)('operation-on-offloaded-object: %s of a connection never offloaded', (op) => {
    const b = new Bench();
    const { T2 } = offloaded(b);
    b.request(op, tcp(T2));
    expect(found(b)).toEqual([['operation-on-offloaded-object', 'host', `${op} of an object that is not offloaded`, ['tcp 2']]]);
  });

  it('one-update-in-flight: an update of an invalidated object', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.complete(b.request('Invalidate', tcp(T)));
    b.update(tcp(T));
    expect(found(b)).toEqual([['one-update-in-flight', 'host', 'update of an invalidated object', ['tcp 1']]]);
  });

  it('one-update-in-flight: an update after the first completed is legal', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.complete(b.update(tcp(T)));
    b.update(tcp(T));
    expect(found(b)).toEqual([]);
  });

  it.each(['Query', 'Invalidate', 'Update'] as const)('terminate-after-operations-complete: a terminate while a %s of the connection is outstanding', (op) => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.request(op, tcp(T));
    b.terminate(tcp(T));
    expect(found(b)).toEqual([['terminate-after-operations-complete', 'host', 'terminate while an update, query or invalidate is outstanding', ['tcp 1']]]);
  });

  it('terminate-after-operations-complete judges TCP objects only: a path terminated with its connection while the path is queried', () => {
    const b = new Bench();
    const { P, T } = offloaded(b);
    b.query(path(P));
    b.terminate(path(P, tcp(T)));
    expect(found(b)).toEqual([]);
  });

  it('terminate-neighbor-or-path-with-dependents counts only the dependents listed that are offloaded here', () => {
    const b = new Bench();
    const { P, T2 } = offloaded(b);
    b.terminate(path(P, tcp(T2)));
    expect(found(b).map(([rule, , detail, objects]) => [rule, detail, objects])).toEqual([
      ['operation-on-offloaded-object', 'Terminate of an object that is not offloaded', ['tcp 2']],
      ['terminate-neighbor-or-path-with-dependents', '1 dependent object(s) left behind', ['path']],
    ]);
  });

  it('terminate-neighbor-or-path-with-dependents: a path with two connections terminated with one of them leaves one behind', () => {
    const b = new Bench();
    const o = offloaded(b);
    b.complete(b.initiate(path(o.P, tcp(o.T2))));
    b.terminate(path(o.P, tcp(o.T)));
    expect(found(b)).toEqual([['terminate-neighbor-or-path-with-dependents', 'host', '1 dependent object(s) left behind', ['path']]]);
  });

  it('terminate-neighbor-or-path-with-dependents: a neighbor terminated without its path, and a path without its connection', () => {
    const b = new Bench();
    const { N, P } = offloaded(b);
    b.terminate(neighbor(N, path(P)));
    expect(found(b)).toEqual([['terminate-neighbor-or-path-with-dependents', 'host', '1 dependent object(s) left behind', ['path']]]);
  });
});

describe('state-manipulation completions', () => {
  it('complete-once-with-same-root names the operation', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const call = b.query(tcp(T));
    b.complete(call);
    b.completeAgain(call);
    expect(found(b)).toEqual([
      ['complete-once-with-same-root', 'target', 'target completed a Query with a block list NDIS never passed to it, or completed it twice', ['tcp 1']],
    ]);
  });

  it('status-written-on-every-node counts and names every node left PENDING', () => {
    const b = new Bench();
    const { call } = initiating(b);
    b.complete(call, { path: NDIS_STATUS.NDIS_STATUS_PENDING, 'tcp 1': NDIS_STATUS.NDIS_STATUS_PENDING });
    expect(found(b)).toEqual([['status-written-on-every-node', 'target', '2 node(s) completed without a Status', ['path', 'tcp 1']]]);
  });

  it.each([
    ['Terminate', NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES],
    ['Query', NDIS_STATUS.NDIS_STATUS_RESOURCES],
  ] as const)('status-legal-for-operation: a %s node completed with an initiate-only or unknown status', (op, status) => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.complete(b.request(op, tcp(T)), status);
    expect(found(b)).toEqual([['status-legal-for-operation', 'target', `${op} node completed with ${NdisStatusEnum.format(status)}`, ['tcp 1']]]);
  });

  it('status-legal-for-operation: FAILURE is legal on a terminate node, and an initiate failure code on an initiate node', () => {
    const b = new Bench();
    const o = offloaded(b);
    b.complete(b.initiate(path(o.P, tcp(o.T2))), { 'tcp 2': NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES });
    b.complete(b.terminate(tcp(o.T)), NDIS_STATUS.NDIS_STATUS_FAILURE);
    expect(found(b)).toEqual([]);
  });

  it('context-written-only-on-success: a node that succeeded with no context written', () => {
    const b = new Bench();
    const { call } = initiating(b);
    b.complete(call, {}, { writeContext: false });
    expect(found(b).map(([rule, , detail, objects]) => [rule, detail, objects])).toEqual([
      ['context-written-only-on-success', 'node succeeded but no context was written', ['neighbor']],
      ['context-written-only-on-success', 'node succeeded but no context was written', ['path']],
      ['context-written-only-on-success', 'node succeeded but no context was written', ['tcp 1']],
    ]);
  });

  it('context-written-only-on-success judges initiates only: a query completing while the initiate is in flight writes no context, rightly', () => {
    const b = new Bench();
    const { T } = initiating(b);
    b.complete(b.query(tcp(T)));
    expect(found(b).map(([rule]) => rule)).toEqual(['no-operation-before-initiate-complete']);
  });

  it('context-written-only-on-success: a context written on a node that failed', () => {
    const b = new Bench();
    const o = offloaded(b);
    const call = b.initiate(path(o.P, tcp(o.T2)));
    call.M.DependentBlockList!.MiniportOffloadContext!.value = { owner: 'target', id: 77 };
    b.complete(call, { 'tcp 2': NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES }, { writeContext: false });
    expect(found(b).map(([rule, , detail, objects]) => [rule, detail, objects])).toEqual([
      ['context-written-only-on-success', `context written although the node failed (${NdisStatusEnum.format(NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES)})`, ['tcp 2']],
    ]);
  });
});

describe('data I/O requests', () => {
  it.each([
    ['FAILURE', NDIS_STATUS.NDIS_STATUS_FAILURE],
    ['SUCCESS', NDIS_STATUS.NDIS_STATUS_SUCCESS],
  ] as const)('io-returns-pending: a send handler returning %s', (name, status) => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.send(T, status);
    expect(NdisStatusEnum.format(status)).toContain(`NDIS_STATUS_${name}`);
    expect(found(b)).toEqual([['io-returns-pending', 'target', `target returned ${NdisStatusEnum.format(status)} from NdisOffloadTcpSend`, ['tcp 1']]]);
  });

  it('io-on-offloaded-connection, no-io-before-initiate-complete and no-io-after-terminate-started name the call and the NBL', () => {
    const b = new Bench();
    const { T, T2 } = initiating(b);
    b.send(T2);
    const early = b.send(T);
    expect(found(b)).toEqual([
      ['io-on-offloaded-connection', 'host', `NdisOffloadTcpSend with handle host#${T2.id}, which is not offloaded through this binding`, ['tcp 2']],
      ['no-io-before-initiate-complete', 'host', `NdisOffloadTcpSend of ${nblText(early)} while the connection is still Offloading`, ['tcp 1']],
    ]);
  });

  it('no-io-after-terminate-started: a receive posted after the terminate', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.terminate(tcp(T));
    const late = b.post(T);
    expect(nblText(late)).toBe(`NBL#${late.id}(100 bytes free)`);
    expect(found(b)).toEqual([['no-io-after-terminate-started', 'host', `NdisOffloadTcpReceive of ${nblText(late)} after the terminate started`, ['tcp 1']]]);
  });
});

describe('indications', () => {
  it.each([
    ['path', 'P'],
    ['neighbor', 'N'],
  ] as const)('indication-on-known-connection: an event on a %s handle', (layer, key) => {
    const b = new Bench();
    const o = offloaded(b);
    b.event(o[key], E.TcpIndicateSendBacklogChange, 100);
    expect(found(b)).toEqual([['indication-on-known-connection', 'target', `indication for a ${layer} object; indications are for TCP connections only`, [layer]]]);
  });

  it('indication-on-known-connection: a receive indication on a path handle', () => {
    const b = new Bench();
    const { P } = offloaded(b);
    b.offer(P, b.nbl('path', 0, 10));
    expect(found(b).map(([rule, , detail]) => [rule, detail])).toContainEqual([
      'indication-on-known-connection',
      'indication for a path object; indications are for TCP connections only',
    ]);
  });

  it('indication-on-known-connection: a handle never offloaded names both layers', () => {
    const b = new Bench();
    const { T2 } = offloaded(b);
    b.event(T2, E.TcpIndicateAbort);
    expect(found(b)).toEqual([
      ['indication-on-known-connection', 'target', `target indicated with handle host#${T2.id}, which host never offloaded through this binding`, ['tcp 2']],
    ]);
  });

  it('a TcpIndicateRetrieve on a handle never offloaded is that rule\'s finding only (no half-closed judgement without a connection)', () => {
    const b = new Bench();
    const { T2 } = offloaded(b);
    b.event(T2, E.TcpIndicateRetrieve, R.LowActivity);
    expect(found(b).map(([rule]) => rule)).toEqual(['indication-on-known-connection']);
  });

  it.each([0, 5, -1])('event-type-legal: EventType %i', (EventType) => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.event(T, EventType);
    expect(found(b)).toEqual([['event-type-legal', 'target', `EventType ${EventType} is not a TCP_OFFLOAD_EVENT_TYPE`, ['tcp 1']]]);
  });

  it.each([E.TcpIndicateSendBacklogChange, E.TcpIndicateDisconnect, E.TcpIndicateRetrieve, E.TcpIndicateAbort])('event-type-legal: EventType %i is legal', (EventType) => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.event(T, EventType, EventType === E.TcpIndicateRetrieve ? R.LowActivity : 0);
    expect(found(b).filter(([rule]) => rule === 'event-type-legal')).toEqual([]);
  });

  it.each([0, 12])('upload-reason-legal: TcpIndicateRetrieve with reason %i', (reason) => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.event(T, E.TcpIndicateRetrieve, reason);
    expect(found(b)).toEqual([['upload-reason-legal', 'target', `TcpIndicateRetrieve with reason ${reason}, not a TCP_UPLOAD_REASON`, ['tcp 1']]]);
  });

  it('upload-reason-legal: the first and last reasons are legal, and another event\'s information is no reason', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.event(T, E.TcpIndicateRetrieve, R.LowActivity);
    b.event(T, E.TcpIndicateRetrieve, R.HardwareFailure);
    b.event(T, E.TcpIndicateSendBacklogChange, 99);
    expect(found(b).filter(([rule]) => rule === 'upload-reason-legal')).toEqual([]);
  });

  it('no-indication-before-initiate-complete: a receive indication while the connection is Offloading', () => {
    const b = new Bench();
    const { T } = initiating(b);
    b.offer(T, b.nbl('tcp 1', 0, 10, 500));
    expect(found(b)).toEqual([
      ['no-indication-before-initiate-complete', 'target', 'NdisTcpOffloadReceiveHandler(NBL#500[0..10)) while the connection is still Offloading', ['tcp 1']],
    ]);
  });

  it('no-discretionary-retrieve-when-half-closed: a mandatory reason after the Disconnect, and another event, are legal', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.event(T, E.TcpIndicateDisconnect);
    b.event(T, E.TcpIndicateSendBacklogChange, 10);
    b.event(T, E.TcpIndicateRetrieve, R.HardwareFailure);
    expect(found(b)).toEqual([]);
    b.event(T, E.TcpIndicateRetrieve, R.LowActivity);
    expect(found(b)).toEqual([
      ['no-discretionary-retrieve-when-half-closed', 'target', 'TcpIndicateRetrieve(LowActivity (1)) after TcpIndicateDisconnect', ['tcp 1']],
    ]);
  });

  it('mandatory-retrieve-answered-by-upload names the reason never answered', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.event(T, E.TcpIndicateRetrieve, R.HardwareFailure);
    b.quiescence();
    expect(found(b).map(([rule, , detail]) => [rule, detail])).toEqual([
      ['mandatory-retrieve-answered-by-upload', 'TcpIndicateRetrieve(HardwareFailure (11)) was never answered by NdisTerminateOffload'],
    ]);
  });
});

describe('offload-state changes', () => {
  it('offload-state-legal names the layer, the object and the state', () => {
    const b = new Bench();
    b.offloadState(S.TcpConnectionOffloadStateInHost, S.TcpConnectionOffloadStateMax, 'a bug');
    expect(found(b).map(([rule, , detail, objects]) => [rule, detail, objects])).toEqual([
      ['offload-state-legal', `host put tcp 1 in ${TcpConnectionOffloadStateEnum.format(S.TcpConnectionOffloadStateMax)}`, ['tcp 1']],
    ]);
  });

  it('offload-transition-legal names both states and the cause; the failed offload going back InHost is an edge', () => {
    const b = new Bench();
    b.offloadState(S.TcpConnectionOffloadStateOffloading, S.TcpConnectionOffloadStateInHost, 'the offload failed');
    expect(found(b)).toEqual([]);
    b.offloadState(S.TcpConnectionOffloadStateInHost, S.TcpConnectionOffloadStateOffloaded, 'a bug');
    expect(found(b).map(([rule, , detail, objects]) => [rule, detail, objects])).toEqual([
      ['offload-transition-legal', 'InHost → Offloaded on a bug is not an edge of the offload-state graph', ['tcp 1']],
    ]);
  });
});

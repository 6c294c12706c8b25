/** decodeArgs: every C-typed argument decoded by its enumeration; block lists as one-line trees. */
import { describe, expect, it } from 'vitest';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { decodeArgs, formatBlockList, formatBlockTree } from '../../../src/trace/decodeArgs.js';
import type { BlockSnapshot, CallEvent, PendEvent, TraceValue } from '../../../src/trace/TraceEvent.js';

const PENDING = NDIS_STATUS.NDIS_STATUS_PENDING;

function call(args: Record<string, TraceValue>): CallEvent {
  return {
    kind: 'call', seq: 1, time: 0, fn: 'NdisTcpOffloadEventHandler', handler: 'ProtocolTcpOffloadEvent',
    caller: 'target', callee: 'IM1', objects: ['tcp 1'], args,
  };
}

function eventArgs(EventType: number, EventSpecificInformation: number): Record<string, string> {
  return decodeArgs(call({ NdisOffloadHandle: 'IM1#3', EventType, EventSpecificInformation }));
}

const neighbor = (s: Partial<BlockSnapshot> = {}): BlockSnapshot =>
  ({ depth: 0, Type: OFFLOAD_STATE_TYPE.NeighborOffloadState, object: 'neighbor 10.0.0.254', role: 'new', Status: PENDING, ...s });
const path = (s: Partial<BlockSnapshot> = {}): BlockSnapshot =>
  ({ depth: 1, Type: OFFLOAD_STATE_TYPE.Ip4OffloadState, object: 'path 10.0.0.2', role: 'new', Status: PENDING, ...s });
const tcp = (n: number, s: Partial<BlockSnapshot> = {}): BlockSnapshot =>
  ({ depth: 2, Type: OFFLOAD_STATE_TYPE.TcpOffloadState, object: `tcp ${n}`, role: 'new', Status: PENDING, ...s });

describe('decodeArgs', () => {
  it('decodes EventType by TCP_OFFLOAD_EVENT_TYPE', () => {
    expect(eventArgs(TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, 1)['EventType']).toBe('TcpIndicateRetrieve (3)');
    expect(eventArgs(TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange, 1)['EventType']).toBe('TcpIndicateSendBacklogChange (1)');
  });

  it('decodes EventSpecificInformation by the EventType beside it', () => {
    expect(eventArgs(TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.LowActivity)['EventSpecificInformation']).toBe('LowActivity (1)');
    expect(eventArgs(TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, 4)['EventSpecificInformation']).toBe('NoBufferPreposting (4)');
    expect(eventArgs(TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange, 65536)['EventSpecificInformation']).toBe('65536 bytes');
    expect(eventArgs(TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect, 0)['EventSpecificInformation']).toBe('0 (not meaningful)');
    expect(eventArgs(TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort, 0)['EventSpecificInformation']).toBe('0 (not meaningful)');
  });

  it('prints unknown values without guessing', () => {
    expect(eventArgs(9, 5)).toMatchObject({ EventType: '<unknown> (9)', EventSpecificInformation: '5' });
    expect(eventArgs(TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, 99)['EventSpecificInformation']).toBe('<unknown> (99)');
  });

  it('decodes StatusCode and IndicationCode', () => {
    const args = decodeArgs(call({ StatusCode: NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL, IndicationCode: 2 }));
    expect(args).toEqual({ StatusCode: 'NDIS_STATUS_UPLOAD_ALL (0x40020002)', IndicationCode: 'NeighborReachabilityQuery (2)' });
  });

  it('passes strings through, prints other numbers in decimal, and keeps argument order', () => {
    const args = decodeArgs(call({ NdisMiniportHandle: 'target', SomeCount: 42, NdisBindingHandle: 'host→IM1' }));
    expect(Object.entries(args)).toEqual([['NdisMiniportHandle', 'target'], ['SomeCount', '42'], ['NdisBindingHandle', 'host→IM1']]);
  });

  it('decodes the args of a pend event too', () => {
    const pend: PendEvent = { kind: 'pend', seq: 2, time: 50, item: 7, fn: 'NdisMIndicateStatusEx', caller: 'target', objects: [], args: { StatusCode: NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE } };
    expect(decodeArgs(pend)).toEqual({ StatusCode: 'NDIS_STATUS_OFFLOAD_PAUSE (0x40020001)' });
  });

  it('turns an OffloadBlockList into a one-line tree', () => {
    const args = decodeArgs(call({ OffloadBlockList: [neighbor(), path(), tcp(1)] }));
    expect(args['OffloadBlockList']).toBe('Neighbor 10.0.0.254 [new] → Path 10.0.0.2 [new] → TCP tcp 1 [new]');
  });
});

describe('formatBlockList', () => {
  it('shows a written Status and hides the not-yet-written NDIS_STATUS_PENDING', () => {
    const done = [neighbor({ role: undefined, Status: 0 }), path({ role: undefined }), tcp(1, { role: undefined, Status: NDIS_STATUS.NDIS_STATUS_SUCCESS })];
    expect(formatBlockList(done)).toBe('Neighbor 10.0.0.254 = NDIS_STATUS_SUCCESS → Path 10.0.0.2 → TCP tcp 1 = NDIS_STATUS_SUCCESS');
    expect(formatBlockList([tcp(1, { depth: 0, role: undefined, Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES })])).toBe('TCP tcp 1 = NDIS_STATUS_OFFLOAD_TCP_ENTRIES');
    expect(formatBlockList([tcp(1, { depth: 0, role: undefined, Status: 0x1234 })])).toBe('TCP tcp 1 = <unknown> (0x00001234)');
  });

  it('lists several dependents in braces', () => {
    const tree = [neighbor({ role: 'linker' }), path({ role: 'linker' }), tcp(1), tcp(2), path({ object: 'path 10.0.0.3' }), tcp(3)];
    expect(formatBlockList(tree)).toBe(
      'Neighbor 10.0.0.254 [linker] → {Path 10.0.0.2 [linker] → {TCP tcp 1 [new], TCP tcp 2 [new]}, Path 10.0.0.3 [new] → TCP tcp 3 [new]}',
    );
  });

  it('separates several roots and shows placeholders and unknown types', () => {
    const tree = [tcp(1, { depth: 0 }), { depth: 0, Type: 0xfe, object: 'placeholder', role: 'placeholder' as const, Status: PENDING }];
    expect(formatBlockList(tree)).toBe('TCP tcp 1 [new]; Type 254 placeholder [placeholder]');
    expect(formatBlockList([])).toBe('(empty block list)');
  });
});

describe('formatBlockTree', () => {
  it('gives one line per node, indented by depth, with the handle', () => {
    const tree = [neighbor({ handle: 'host#1' }), path({ handle: 'host#2' }), tcp(1, { handle: 'host#3', Status: 0 })];
    expect(formatBlockTree(tree)).toEqual([
      'Neighbor 10.0.0.254 [new]  (handle host#1)',
      '  Path 10.0.0.2 [new]  (handle host#2)',
      '    TCP tcp 1 [new] = NDIS_STATUS_SUCCESS  (handle host#3)',
    ]);
  });
});

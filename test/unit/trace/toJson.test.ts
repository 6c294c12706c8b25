/** JSON Lines: fixed key order, decoded and raw arguments, one line per event. */
import { describe, expect, it } from 'vitest';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { traceEventToJson, traceToJsonLines } from '../../../src/trace/toJson.js';
import type { TraceEvent } from '../../../src/trace/TraceEvent.js';

const retrieve: TraceEvent = {
  kind: 'call', seq: 12, time: 150, fn: 'NdisTcpOffloadEventHandler', handler: 'ProtocolTcpOffloadEvent',
  caller: 'target', callee: 'IM1', objects: ['tcp 1'], item: 7,
  args: { NdisOffloadHandle: 'IM1#3', EventType: 3, EventSpecificInformation: 1 },
};

describe('traceEventToJson', () => {
  it('keeps the fields, decodes args and keeps the raw values', () => {
    expect(traceEventToJson(retrieve)).toEqual({
      seq: 12, time: 150, kind: 'call', item: 7, fn: 'NdisTcpOffloadEventHandler', handler: 'ProtocolTcpOffloadEvent',
      caller: 'target', callee: 'IM1', objects: ['tcp 1'],
      args: { NdisOffloadHandle: 'IM1#3', EventType: 'TcpIndicateRetrieve (3)', EventSpecificInformation: 'LowActivity (1)' },
      raw: { NdisOffloadHandle: 'IM1#3', EventType: 3, EventSpecificInformation: 1 },
    });
  });

  it('writes keys in the same order however the event was built', () => {
    const a: TraceEvent = { kind: 'stateChange', seq: 3, time: 0, layer: 'host', object: 'tcp 1', region: 'offload', from: 'InHost', to: 'Offloading' };
    const b: TraceEvent = { to: 'Offloading', from: 'InHost', region: 'offload', object: 'tcp 1', layer: 'host', time: 0, seq: 3, kind: 'stateChange' };
    expect(JSON.stringify(traceEventToJson(b))).toBe(JSON.stringify(traceEventToJson(a)));
    expect(Object.keys(traceEventToJson(a))).toEqual(['seq', 'time', 'kind', 'layer', 'object', 'region', 'from', 'to']);
  });

  it('orders block-list snapshot keys too', () => {
    const e: TraceEvent = {
      kind: 'call', seq: 1, time: 0, fn: 'NdisInitiateOffload', handler: 'MiniportInitiateOffload', caller: 'host', callee: 'target', objects: ['tcp 1'],
      args: { OffloadBlockList: [{ Status: 0x103, handle: 'host#1', object: 'tcp 1', Type: OFFLOAD_STATE_TYPE.TcpOffloadState, depth: 0 }] },
    };
    const json = traceEventToJson(e) as { raw: { OffloadBlockList: object[] } };
    expect(Object.keys(json.raw.OffloadBlockList[0]!)).toEqual(['depth', 'Type', 'object', 'handle', 'Status']);
  });
});

describe('traceToJsonLines', () => {
  it('writes one parseable object per line with a trailing newline', () => {
    const events: TraceEvent[] = [
      { kind: 'command', seq: 1, time: 0, text: 'offload tcp 1' },
      retrieve,
      { kind: 'violation', seq: 13, time: 150, rule: 'r', summary: 's', source: 'p', layer: 'IM1', objects: [], detail: 'd' },
    ];
    const text = traceToJsonLines(events);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 12, 13]);
    expect(traceToJsonLines(events)).toBe(text);
    expect(traceToJsonLines([])).toBe('');
  });
});

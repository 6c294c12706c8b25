/**
 * The trace as JSON Lines: one object per event, keys in a fixed order (not in the order the event
 * object happened to be built), arguments both decoded (`args`) and raw (`raw`). Nothing is added
 * that is not in the event, so the same run gives the same bytes.
 */
import { decodeArgs } from './decodeArgs.js';
import { NdisStatusEnum } from '../ndis/NDIS_STATUS.js';
import { assertNever, type BlockSnapshot, type TraceEvent, type TraceValue } from './TraceEvent.js';

/** A value JSON.stringify writes as is. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** One trace event as a plain JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** The event as a plain object with keys in a fixed order; call and pend events carry `args` and `raw`. */
export function traceEventToJson(e: TraceEvent): JsonObject {
  const head: JsonObject = { seq: e.seq, time: e.time, kind: e.kind };
  switch (e.kind) {
    case 'call':
      return {
        ...head,
        ...(e.item !== undefined ? { item: e.item } : {}),
        fn: e.fn,
        handler: e.handler,
        caller: e.caller,
        callee: e.callee,
        objects: [...e.objects],
        args: decodeArgs(e),
        raw: rawArgs(e.args),
      };
    case 'return':
      return {
        ...head, fn: e.fn, caller: e.caller, callee: e.callee, objects: [...e.objects], Status: NdisStatusEnum.format(e.Status),
        ...(e.BytesConsumed !== undefined ? { BytesConsumed: e.BytesConsumed } : {}),
      };
    case 'segment':
      return { ...head, item: e.item, from: e.from, to: e.to, object: e.object, segment: e.segment };
    case 'pend':
      return {
        ...head,
        item: e.item,
        fn: e.fn,
        caller: e.caller,
        objects: [...e.objects],
        args: decodeArgs(e),
        raw: rawArgs(e.args),
      };
    case 'stateChange':
      return { ...head, layer: e.layer, object: e.object, region: e.region, from: e.from, to: e.to };
    case 'decision':
      return { ...head, layer: e.layer, ...(e.object !== undefined ? { object: e.object } : {}), text: e.text };
    case 'command':
      return { ...head, text: e.text };
    case 'violation':
      return {
        ...head,
        rule: e.rule,
        summary: e.summary,
        source: e.source,
        layer: e.layer,
        objects: [...e.objects],
        detail: e.detail,
      };
    default:
      return assertNever(e);
  }
}

/** The events as JSON Lines: one object per line, each line ending in a newline ('' for no events). */
export function traceToJsonLines(events: Iterable<TraceEvent>): string {
  let out = '';
  for (const e of events) out += JSON.stringify(traceEventToJson(e)) + '\n';
  return out;
}

/** Raw argument values; block-list snapshots with their keys in a fixed order. */
function rawArgs(args: Record<string, TraceValue>): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(args)) out[name] = Array.isArray(value) ? value.map(rawSnapshot) : value;
  return out;
}

function rawSnapshot(s: BlockSnapshot): JsonObject {
  return {
    depth: s.depth,
    Type: s.Type,
    object: s.object,
    ...(s.role !== undefined ? { role: s.role } : {}),
    ...(s.handle !== undefined ? { handle: s.handle } : {}),
    ...(s.NetBufferListChain !== undefined ? { NetBufferListChain: s.NetBufferListChain } : {}),
    ...(s.BufferedData !== undefined ? { BufferedData: s.BufferedData } : {}),
    Status: s.Status,
  };
}

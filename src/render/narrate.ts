/**
 * The learner-readable narration of a trace: each event becomes one or more plain lines (no colour,
 * no I/O). Calls are the timeline: sequence number, virtual time, who called whom, the NDIS function
 * the caller called and the handler NDIS called in the callee. Everything else is indented under them.
 */
import { decodeArgs, formatBlockList, formatBlockTree } from '../trace/decodeArgs.js';
import { NdisStatusEnum } from '../ndis/NDIS_STATUS.js';
import { REGION_NAME } from './stateChangeMeaning.js';
import { assertNever, type CallEvent, type PendEvent, type TraceEvent } from '../trace/TraceEvent.js';

/** Width of the sequence-number column. */
const SEQ_WIDTH = 4;
/** Width of the time column (`0.150ms` to `99.999ms` stay aligned). */
const TIME_WIDTH = 8;
/** Width of the `caller → callee` column (`host → target` is the longest usual pair). */
const ROUTE_WIDTH = 13;
/** Where the text of a call's caller starts; every other event is indented to it. */
export const NARRATION_GUTTER = ' '.repeat(SEQ_WIDTH + 2 + TIME_WIDTH + 2);
/** Arguments sit two more columns in. */
const ARGS_INDENT = NARRATION_GUTTER + '  ';
/** A one-line block list longer than this is printed one node per line. */
const MAX_INLINE_TREE = 100;
/** Objects listed before the rest are counted instead. */
const MAX_LISTED_OBJECTS = 3;

/** The narration of one event: one or more lines, without line breaks. */
export function narrate(e: TraceEvent): string[] {
  switch (e.kind) {
    case 'call':
      return narrateCall(e);
    case 'return':
      return [
        `${NARRATION_GUTTER}${e.callee} returns ${NdisStatusEnum.format(e.Status)}${e.BytesConsumed !== undefined ? `, BytesConsumed ${e.BytesConsumed},` : ''} to ${e.caller} from ${e.fn}`,
      ];
    case 'segment':
      return [`${String(e.seq).padStart(SEQ_WIDTH)}  ${formatTime(e.time).padStart(TIME_WIDTH)}  ${`${e.from} ⇢ ${e.to}`.padEnd(13)}  segment ${e.segment} (${e.object}, pending #${e.item} delivered)`];
    case 'pend':
      return [
        `${NARRATION_GUTTER}${e.caller} queues ${e.fn} as pending #${e.item}${objectList(e.objects)}`,
        ...argLines(e),
      ];
    case 'stateChange':
      return [`${NARRATION_GUTTER}${e.layer}: ${e.object} ${e.from} → ${e.to} (${REGION_NAME[e.region]})`];
    case 'decision':
      return [`${NARRATION_GUTTER}${e.layer} decides${e.object !== undefined ? ` (${e.object})` : ''}: ${e.text}`];
    case 'command':
      return ['', `▶ ${e.text}`];
    case 'violation':
      return [
        `  ✗ RULE ${e.rule}: ${e.summary}`,
        `    ${e.layer}${objectList(e.objects)}: ${e.detail}`,
        `    source: ${e.source}`,
      ];
    default:
      return assertNever(e);
  }
}

/** The narration of many events, in order. */
export function narrateAll(events: Iterable<TraceEvent>): string[] {
  const out: string[] = [];
  for (const e of events) out.push(...narrate(e));
  return out;
}

/** `  12   0.150ms  host → IM1      NdisInitiateOffload  ⇒  MiniportInitiateOffload`, then its arguments. */
function narrateCall(e: CallEvent): string[] {
  const seq = String(e.seq).padStart(SEQ_WIDTH);
  const time = formatTime(e.time).padStart(TIME_WIDTH);
  const route = `${e.caller} → ${e.callee}`.padEnd(ROUTE_WIDTH);
  const delivered = e.item !== undefined ? `  (pending #${e.item} delivered)` : '';
  return [`${seq}  ${time}  ${route}  ${e.fn}  ⇒  ${e.handler}${delivered}`, ...argLines(e)];
}

/**
 * The arguments under a call or pend: the plain ones together on one line, each block list on its own
 * line (one node per line when the one-line form would be too long).
 */
function argLines(e: CallEvent | PendEvent): string[] {
  const decoded = decodeArgs(e);
  const scalars: string[] = [];
  const trees: string[] = [];
  for (const [name, raw] of Object.entries(e.args)) {
    if (!Array.isArray(raw)) {
      scalars.push(`${name}: ${decoded[name]}`);
      continue;
    }
    const inline = formatBlockList(raw);
    if (inline.length <= MAX_INLINE_TREE) trees.push(`${ARGS_INDENT}${name}: ${inline}`);
    else trees.push(`${ARGS_INDENT}${name}:`, ...formatBlockTree(raw).map((line) => `${ARGS_INDENT}  ${line}`));
  }
  return [...(scalars.length > 0 ? [`${ARGS_INDENT}${scalars.join(', ')}`] : []), ...trees];
}

/** Virtual microseconds as milliseconds with three decimals: `0.150ms`. */
export function formatTime(us: number): string {
  return `${(us / 1000).toFixed(3)}ms`;
}

/** ` (tcp 1, path 10.0.0.2)`, the first few then a count; '' for none. */
function objectList(objects: readonly string[]): string {
  if (objects.length === 0) return '';
  if (objects.length <= MAX_LISTED_OBJECTS) return ` (${objects.join(', ')})`;
  return ` (${objects.slice(0, MAX_LISTED_OBJECTS).join(', ')} … ${objects.length} objects)`;
}

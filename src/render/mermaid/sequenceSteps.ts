/**
 * The trace as the steps of a Mermaid sequence diagram. Each step starts at a command or at a
 * delivery the scheduler chose, and holds everything that followed until the next one:
 * - a call is an arrow from caller to callee, `NdisInitiateOffload ⇒ MiniportInitiateOffload`, with its
 *   arguments decoded on a second line; a completion (`…Complete`) and a return are dashed arrows;
 * - a segment is an open (asynchronous) arrow between the wire's ends (the NIC is the target's);
 * - a pending item queued is a note over the layer that queued it; state changes of one layer in a row
 *   are one note; a decision is a note; a command is a note over every lifeline;
 * - a delivery chosen while other items the trace shows pending were waiting is an `alt` block that
 *   names the one delivered and those pending (`alt delivered #5 (pending: #5, #6)`);
 * - a rule violation is a red `rect` with a note naming the rule. The rulebook judges a crossing before
 *   NDIS records it, so when the next event (after any other violations) is a call made by the layer
 *   that broke the rule, the rect holds the note(s) and that call's arrow.
 * Only pending items announced by a `pend` event are known to be pending; a segment or timer is seen
 * only when it is delivered.
 */
import { NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import { decodeArgs } from '../../trace/decodeArgs.js';
import { assertNever, type CallEvent, type StateChangeEvent, type TraceEvent } from '../../trace/TraceEvent.js';
import { CLOSE, type DiagramLine, type DiagramStep } from './DiagramLine.js';
import type { Lifelines } from './lifelines.js';
import { mermaidText } from './mermaidText.js';

/** The fill of a rule violation's block: a light red. */
export const VIOLATION_FILL = 'rgb(255, 228, 225)';
/** The most characters one decoded argument value shows. */
const MAX_ARG_VALUE = 100;
/** Arguments the arrow itself already shows (the binding it crosses), left out of its label. */
const SHOWN_BY_ARROW = new Set(['NdisBindingHandle', 'NdisMiniportHandle']);
/** The most characters the arguments of one arrow show together. */
const MAX_ARGS = 150;
/** A violation's note is broken into lines of about this many characters… */
const WRAP_WIDTH = 100;
/** …and at most this many lines per part (rule, detail, source). */
const MAX_WRAPPED_LINES = 4;
/** Pending items named in an `alt` label before the rest are counted. */
const MAX_LISTED_PENDING = 8;

/** The steps of the diagram of `events`, drawn on `lifelines`. */
export function sequenceSteps(events: readonly TraceEvent[], lifelines: Lifelines): DiagramStep[] {
  const steps: DiagramLine[][] = [];
  let current: DiagramLine[] = [];
  /** Items queued (by a pend event) and not yet delivered, in item order. */
  const pending = new Set<number>();
  let openAlt = false;
  /** Notes of violations judged on the call that comes next, drawn with it. */
  const judged: DiagramLine[] = [];
  const endStep = (): void => {
    if (openAlt) current.push(CLOSE);
    openAlt = false;
    if (current.length > 0) steps.push(current);
    current = [];
  };
  const id = (layer: string): string => lifelines.idOf(layer);

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const delivered = e.kind === 'segment' || (e.kind === 'call' && e.item !== undefined) ? e.item : undefined;
    if (e.kind === 'command' || delivered !== undefined) endStep();
    if (delivered !== undefined) {
      const waiting = [...new Set([...pending, delivered])].sort((a, b) => a - b);
      pending.delete(delivered);
      if (waiting.length >= 2) {
        const listed = waiting.slice(0, MAX_LISTED_PENDING).map((n) => `#${n}`).join(', ');
        const more = waiting.length > MAX_LISTED_PENDING ? ` … ${waiting.length - MAX_LISTED_PENDING} more` : '';
        current.push(open(`alt delivered #${delivered} (pending: ${listed}${more})`));
        openAlt = true;
      }
    }
    switch (e.kind) {
      case 'call':
        if (judged.length > 0) {
          current.push(open(`rect ${VIOLATION_FILL}`), ...judged, callArrow(e, id), CLOSE);
          judged.length = 0;
        } else current.push(callArrow(e, id));
        break;
      case 'return': {
        const consumed = e.BytesConsumed !== undefined ? `, BytesConsumed ${e.BytesConsumed}` : '';
        current.push(statement(`${id(e.callee)}-->>${id(e.caller)}`, `${e.fn} returns ${statusName(e.Status)}${consumed}`));
        break;
      }
      case 'pend':
        pending.add(e.item);
        current.push(statement(`Note over ${id(e.caller)}`, `queues ${e.fn} as pending #${e.item}`));
        break;
      case 'segment':
        current.push(statement(`${id(e.from)}-)${id(e.to)}`, `segment ${e.segment} (${e.object}, pending #${e.item})`));
        break;
      case 'stateChange': {
        const run = [e];
        while (events[i + 1]?.kind === 'stateChange' && (events[i + 1] as StateChangeEvent).layer === e.layer) run.push(events[++i] as StateChangeEvent);
        current.push(...stateNotes(run, id(e.layer)));
        break;
      }
      case 'decision':
        current.push(statement(`Note over ${id(e.layer)}`, `decides${e.object !== undefined ? ` (${e.object})` : ''}: ${e.text}`));
        break;
      case 'command':
        current.push(statement(`Note over ${lifelines.span()}`, `▶ ${e.text}`));
        break;
      case 'violation': {
        const [first, ...more] = [...wrap(`✗ RULE ${e.rule}: ${e.summary}`), ...wrap(e.detail), ...wrap(`source: ${e.source}`)];
        const note = statement(`Note over ${id(e.layer)}`, first!, more);
        if (offendingCallFollows(events, i)) {
          judged.push(note);
          break;
        }
        current.push(open(`rect ${VIOLATION_FILL}`), note, CLOSE);
        break;
      }
      default:
        assertNever(e);
    }
  }
  endStep();
  return steps;
}

/** `host->>IM1: NdisInitiateOffload ⇒ MiniportInitiateOffload` and its arguments; dashed for a completion. */
function callArrow(e: CallEvent, id: (layer: string) => string): DiagramLine {
  const arrow = e.fn.endsWith('Complete') ? '-->>' : '->>';
  const item = e.item !== undefined ? ` (pending #${e.item})` : '';
  const args = Object.entries(decodeArgs(e))
    .filter(([name]) => !SHOWN_BY_ARROW.has(name))
    .map(([name, value]) => `${name}: ${cut(value, MAX_ARG_VALUE)}`);
  return statement(`${id(e.caller)}${arrow}${id(e.callee)}`, `${e.fn} ⇒ ${e.handler}${item}`, args.length > 0 ? [cut(args.join(', '), MAX_ARGS)] : []);
}

/** State changes of one layer in a row: one note, one line per (region, from, to) naming its objects. */
function stateNotes(run: readonly StateChangeEvent[], over: string): DiagramLine[] {
  const byChange = new Map<string, string[]>();
  for (const e of run) {
    const change = `${e.region} ${e.from} → ${e.to}`;
    const objects = byChange.get(change) ?? [];
    objects.push(e.object);
    byChange.set(change, objects);
  }
  const lines = [...byChange].map(([change, objects]) => `${objects.join(', ')}: ${change}`);
  return [statement(`Note over ${over}`, lines[0]!, lines.slice(1))];
}

/** A statement: `head: first<br/>more…`, every text part escaped; its key masks item, handle and sequence numbers. */
function statement(head: string, first: string, more: readonly string[] = []): DiagramLine {
  const parts = [first, ...more];
  const text = `${head}: ${parts.map((p) => mermaidText(p)).join('<br/>')}`;
  const key = `${head}: ${parts.map((p) => maskNumbers(p)).join('\n')}`;
  return { kind: 'statement', text, key, edges: 1 };
}

/** A line opening a block (`alt …`, `rect …`): its own label is ours, escaped all the same. */
function open(text: string): DiagramLine {
  const space = text.indexOf(' ');
  return { kind: 'open', text: `${text.slice(0, space)} ${mermaidText(text.slice(space + 1))}`, key: maskNumbers(text) };
}

/**
 * The text as folding compares it: pending item and handle numbers (`#5`, `host#3`) and TCP sequence
 * and acknowledgment numbers do not count; connection names, addresses, sizes and statuses do.
 */
function maskNumbers(text: string): string {
  return text.replace(/#\d+/g, '#N').replace(/\b(seq|ack) \d+/g, '$1 N');
}

/** A note's text as lines of about WRAP_WIDTH characters, broken at spaces, at most MAX_WRAPPED_LINES of them. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > WRAP_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.length > MAX_WRAPPED_LINES ? [...lines.slice(0, MAX_WRAPPED_LINES - 1), `${lines[MAX_WRAPPED_LINES - 1]} …`] : lines;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function statusName(status: number): string {
  return NdisStatusEnum.nameOf(status) ?? NdisStatusEnum.format(status);
}

/** Is the event after the violations starting at `i` a call made by the layer that broke the rule at `i`? */
function offendingCallFollows(events: readonly TraceEvent[], i: number): boolean {
  const violation = events[i];
  let next = i + 1;
  while (events[next]?.kind === 'violation') next++;
  const call = events[next];
  return violation?.kind === 'violation' && call?.kind === 'call' && call.caller === violation.layer;
}

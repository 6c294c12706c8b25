/**
 * The lifelines of a sequence diagram: one participant per layer the trace names, in binding order —
 * the host stack, IM1 … IMn, the offload target, the remote peer — then any other name in the order it
 * first appears. The NIC of a segment is the offload target's hardware, so it is drawn on the target.
 */
import { assertNever, type TraceEvent } from '../../trace/TraceEvent.js';
import { mermaidText } from './mermaidText.js';

/** One participant: the id the diagram's arrows use and the line that declares it. */
export interface Lifeline {
  /** The layer's name in the trace (`IM1`). */
  readonly layer: string;
  /** A Mermaid-safe id (`IM1`, or `L4` for a name that is not a plain identifier). */
  readonly id: string;
  /** `participant peer as remote peer`. */
  readonly declaration: string;
}

/** Words Mermaid's sequence grammar reads as keywords, never used as ids. */
const KEYWORDS = new Set([
  'participant', 'actor', 'as', 'note', 'over', 'left', 'right', 'of', 'loop', 'alt', 'else', 'opt', 'par', 'and', 'rect', 'critical',
  'option', 'break', 'end', 'box', 'title', 'autonumber', 'activate', 'deactivate', 'create', 'destroy', 'links', 'link', 'properties', 'details',
]);

/** How a layer is shown when its name alone would not say it. */
const DISPLAY: Readonly<Record<string, string>> = { host: 'host stack', target: 'offload target', peer: 'remote peer' };

/** Where each lifeline of a run stands, and how a trace name maps to its id. */
export class Lifelines {
  readonly all: readonly Lifeline[];
  private readonly byLayer: ReadonlyMap<string, Lifeline>;

  constructor(events: readonly TraceEvent[]) {
    const names = new Set<string>(['host', 'target', 'peer']);
    for (const e of events) for (const name of layersOf(e)) names.add(lifelineName(name));
    const ordered = [...names].sort((a, b) => rank(a) - rank(b) || imNumber(a) - imNumber(b));
    const all = ordered.map((layer, index) => makeLifeline(layer, index));
    this.all = all;
    this.byLayer = new Map(all.map((l) => [l.layer, l]));
  }

  /** The id of the lifeline a trace name is drawn on. */
  idOf(layer: string): string {
    const line = this.byLayer.get(lifelineName(layer));
    if (!line) throw new Error(`Lifelines: '${layer}' is not a layer of this trace`);
    return line.id;
  }

  /** `host,peer`: the span of a note over every lifeline. */
  span(): string {
    const first = this.all[0]!;
    const last = this.all[this.all.length - 1]!;
    return first === last ? first.id : `${first.id},${last.id}`;
  }
}

/** The name a trace layer is drawn under: the NIC is the offload target's. */
function lifelineName(layer: string): string {
  return layer === 'NIC' ? 'target' : layer;
}

/** host 0, IMs 1, target 2, peer 3, anything else 4 (then by first appearance: the sort is stable). */
function rank(name: string): number {
  if (name === 'host') return 0;
  if (/^IM\d+$/.test(name)) return 1;
  if (name === 'target') return 2;
  if (name === 'peer') return 3;
  return 4;
}

function imNumber(name: string): number {
  const m = /^IM(\d+)$/.exec(name);
  return m ? Number(m[1]) : 0;
}

function makeLifeline(layer: string, index: number): Lifeline {
  const plain = /^[A-Za-z][A-Za-z0-9_]*$/.test(layer) && !KEYWORDS.has(layer.toLowerCase());
  const id = plain ? layer : `L${index}`;
  const display = DISPLAY[layer] ?? layer;
  const declaration = display === id ? `participant ${id}` : `participant ${id} as ${mermaidText(display, 40)}`;
  return { layer, id, declaration };
}

/** Every layer name an event draws on. */
function layersOf(e: TraceEvent): string[] {
  switch (e.kind) {
    case 'call':
    case 'return':
      return [e.caller, e.callee];
    case 'pend':
      return [e.caller];
    case 'segment':
      return [e.from, e.to];
    case 'stateChange':
    case 'decision':
    case 'violation':
      return [e.layer];
    case 'command':
      return [];
    default:
      return assertNever(e);
  }
}

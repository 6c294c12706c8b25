/**
 * A run as Mermaid sequence diagrams: `sequenceDiagram(events)` draws the trace (see sequenceSteps
 * for what each event becomes) with one lifeline per layer, folds repeated steps into `loop ×N`
 * (foldRepeats) and splits the result into numbered parts Mermaid will draw (splitParts). Every part is
 * a whole diagram: its own header, participants and balanced blocks.
 */
import type { TraceEvent } from '../../trace/TraceEvent.js';
import { foldRepeats } from './foldRepeats.js';
import { Lifelines } from './lifelines.js';
import { mermaidText } from './mermaidText.js';
import { sequenceSteps } from './sequenceSteps.js';
import { splitParts } from './splitParts.js';

/** Mermaid's own default `maxTextSize`: a longer diagram text is refused. */
export const MERMAID_MAX_TEXT_SIZE = 50_000;
/** Mermaid's own default `maxEdges`. */
export const MERMAID_MAX_EDGES = 500;

export interface SequenceDiagramOptions {
  /** A title over the diagram (the scenario's name); escaped. Each part of several adds `(part i of n)`. */
  readonly title?: string;
  /** Each part's text has fewer characters than this (default MERMAID_MAX_TEXT_SIZE). */
  readonly maxTextSize?: number;
  /** Each part has fewer arrows and notes than this (default MERMAID_MAX_EDGES). */
  readonly maxEdges?: number;
  /** Fold repeated steps into `loop ×N` (default true). */
  readonly fold?: boolean;
}

/**
 * The Mermaid `sequenceDiagram` text of a run, as one or more parts (part 1 first). A trace without
 * events gives one part with the lifelines only.
 */
export function sequenceDiagram(events: readonly TraceEvent[], options: SequenceDiagramOptions = {}): string[] {
  const lifelines = new Lifelines(events);
  const steps = sequenceSteps(events, lifelines);
  const folded = options.fold === false ? steps : foldRepeats(steps);
  const header = (part: number, parts: number): string[] => {
    const suffix = parts > 1 ? ` (part ${part} of ${parts})` : '';
    const title = options.title !== undefined ? [`  title ${mermaidText(options.title, 100)}${suffix}`] : parts > 1 ? [`  title part ${part} of ${parts}`] : [];
    return ['sequenceDiagram', ...title, ...lifelines.all.map((l) => `  ${l.declaration}`)];
  };
  const headerSize = header(99_999, 99_999).join('\n').length + 1;
  const bodies = splitParts(folded, {
    maxTextSize: options.maxTextSize ?? MERMAID_MAX_TEXT_SIZE,
    maxEdges: options.maxEdges ?? MERMAID_MAX_EDGES,
    headerSize,
  });
  return bodies.map((body, i) => [...header(i + 1, bodies.length), ...body].join('\n'));
}

/**
 * A long diagram split into parts Mermaid will draw: each part's text stays under `maxTextSize`
 * characters (Mermaid refuses a longer text) and its statements under `maxEdges`. A part ends between
 * steps where it can; a step too big for one part is cut between lines, and every block still open
 * there (`alt`, `loop`, `rect`) is closed at the end of the part and opened again, marked
 * `(continued)`, at the start of the next.
 */
import { lineText, type DiagramLine, type DiagramStep } from './DiagramLine.js';

/** How big a part may be. */
export interface PartLimits {
  /** Characters of a part's whole text, header included: strictly fewer. */
  readonly maxTextSize: number;
  /** Statements (arrows and notes) of a part: strictly fewer. */
  readonly maxEdges: number;
  /** Characters reserved for the header each part gets (`sequenceDiagram`, title, participants). */
  readonly headerSize: number;
}

/** The body lines of each part, indented, blocks balanced. */
export function splitParts(steps: readonly DiagramStep[], limits: PartLimits): string[][] {
  const parts: string[][] = [];
  const open: DiagramLine[] = [];
  let lines: string[] = [];
  let size = 0;
  let edges = 0;
  let content = false;
  const budget = limits.maxTextSize - limits.headerSize;
  if (budget < 200 || limits.maxEdges < 2) throw new RangeError(`splitParts: limits too small to draw anything (${budget} characters, ${limits.maxEdges} edges)`);

  /** Size of the `end` lines closing what is open. */
  const closing = (): number => open.reduce((n, _, depth) => n + 2 * depth + 4, 0);
  /** Adds a line (written as `shown`, when a reopened block says it continues); the open stack keeps the line itself. */
  const add = (line: DiagramLine, shown: string = lineText(line)): void => {
    const depth = line.kind === 'close' ? open.length - 1 : open.length;
    const text = `${'  '.repeat(depth + 1)}${shown}`;
    lines.push(text);
    size += text.length + 1;
    if (line.kind === 'statement') edges += line.edges;
    if (line.kind === 'open') open.push(line);
    if (line.kind === 'close') open.pop();
    content = true;
  };
  const fits = (extraSize: number, extraEdges: number): boolean => size + extraSize + closing() < budget && edges + extraEdges < limits.maxEdges;
  const flush = (): void => {
    for (let depth = open.length - 1; depth >= 0; depth--) lines.push(`${'  '.repeat(depth + 1)}end`);
    parts.push(lines);
    const reopen = [...open];
    open.length = 0;
    lines = [];
    size = 0;
    edges = 0;
    for (const line of reopen) {
      if (line.kind !== 'open') continue;
      add(line, line.text.startsWith('rect ') ? line.text : `${line.text} (continued)`);
    }
    content = false;
  };

  for (const step of steps) {
    const stepSize = step.reduce((n, l) => n + lineText(l).length + 2 * (open.length + 4) + 1, 0);
    const stepEdges = step.reduce((n, l) => n + (l.kind === 'statement' ? l.edges : 0), 0);
    if (content && !fits(stepSize, stepEdges)) flush();
    for (const line of step) {
      const lineSize = lineText(line).length + 2 * (open.length + 1) + 1 + (line.kind === 'open' ? 2 * open.length + 6 : 0);
      if (content && !fits(lineSize, line.kind === 'statement' ? line.edges : 0)) flush();
      add(line);
    }
  }
  if (lines.length > 0 || parts.length === 0) flush();
  return parts;
}

/**
 * One line of a sequence diagram's body, with what folding and splitting need to know about it: the
 * block structure (a line that opens `alt`/`loop`/`rect`, an `else`, an `end`), how many edges it
 * draws, and a key that compares steps whose only difference is the numbering of items and handles.
 */

/** A statement (an arrow or a note), or a block line. */
export type DiagramLine =
  | { readonly kind: 'statement'; readonly text: string; readonly key: string; readonly edges: number }
  | { readonly kind: 'open'; readonly text: string; readonly key: string }
  | { readonly kind: 'close' };

/** One step of the run: the lines from one command or scheduler delivery up to the next, blocks balanced. */
export type DiagramStep = readonly DiagramLine[];

/** The line that closes a block. */
export const CLOSE: DiagramLine = { kind: 'close' };

/** The text of a line as written in the diagram. */
export function lineText(line: DiagramLine): string {
  return line.kind === 'close' ? 'end' : line.text;
}

/** The line as compared when folding: numbers of pending items and handles do not count. */
export function lineKey(line: DiagramLine): string {
  return line.kind === 'close' ? 'end' : line.key;
}

/**
 * A status line kept in place at the bottom of a terminal (`chimney run: 12/91 scenarios/x.yaml`),
 * rewritten with `\r` and erase-line; only ever made for a terminal (never for a pipe or a file). A
 * line of ordinary output first takes the status line away (so the two never mix), and the next
 * update draws it again.
 */
import { visibleText } from '../index.js';

/** The terminal stream the line is drawn on (process.stderr), as far as this needs it. */
export interface TerminalStream {
  write(text: string): unknown;
  columns?: number;
}

export class ProgressLine {
  private shown = false;

  constructor(private readonly stream: TerminalStream) {}

  /** Shows `text` (cut to the terminal's width), or takes the line away when undefined. */
  update(text: string | undefined): void {
    if (text === undefined) return this.clear();
    const width = Math.max(10, (this.stream.columns || 80) - 1);
    const visible = visibleText(text);
    const line = visible.length > width ? visible.slice(0, width - 1) + '…' : visible;
    this.stream.write(`\r${line}\x1b[K`);
    this.shown = true;
  }

  /** Takes the line away (before other output is written on the same terminal). */
  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

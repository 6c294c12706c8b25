/** Bad scenario input: every problem found, each as `path:line:col: message`. Exit code 2, no stack trace. */
import { visibleText } from '../render/visibleText.js';

export interface ScenarioProblem {
  file: string;
  /** 1-based; absent for a problem with the whole file (not a regular file, too big, not text). */
  line?: number;
  /** 1-based; absent with `line`. */
  col?: number;
  message: string;
}

/**
 * `path:line:col: message`, or `path: message` for the whole file. Control characters in the path or
 * the message (a value echoed from the file) are shown as escapes: this line goes to a terminal.
 */
export function formatProblem(p: ScenarioProblem): string {
  const where = p.line === undefined ? '' : `:${p.line}:${p.col ?? 1}`;
  return visibleText(`${p.file}${where}: ${p.message}`);
}

export class ScenarioInputError extends Error {
  constructor(readonly problems: readonly ScenarioProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioInputError';
  }
}

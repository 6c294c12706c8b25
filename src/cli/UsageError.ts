/**
 * Bad user input on the command line: printed as one line `chimney demo: <message>` and exit code 2,
 * never with a stack trace (design principle 8). What the user typed is echoed with its control
 * characters escaped.
 */
import { visibleText } from '../index.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    /** The command the error is about, when there is one: it goes into the prefix. */
    readonly command?: string,
  ) {
    super(message);
  }

  /** `chimney demo: --im expects an integer from 0 to 8, got 'x'`. */
  format(program: string): string {
    return visibleText(`${program}${this.command ? ` ${this.command}` : ''}: ${this.message}`);
  }
}

/**
 * Where each kind of `chimney run` line goes. The trace (narration, or JSON Lines with --json) goes to
 * stdout; verdicts and failures go to stdout too, or to stderr with --json so stdout stays pure JSON
 * Lines; passes and notes go with the verdicts unless --quiet; input problems always go to stderr.
 * Colour only when wanted and never for JSON. Every line is shown with its control characters escaped
 * (a scenario's description or file name cannot act on the terminal).
 */
import { styleText } from 'node:util';
import { colorize, visibleText, type ViolationEvent } from '../index.js';
import type { CliIo } from './CliIo.js';
import { terminalSafeJson } from './terminalSafeJson.js';

type Style = Parameters<typeof styleText>[0];

export class RunOutput {
  private readonly color: boolean;
  private readonly narrating: boolean;

  constructor(
    private readonly io: CliIo,
    private readonly options: { json: boolean; quiet: boolean },
  ) {
    this.color = io.color === true && !options.json;
    this.narrating = !options.json && !options.quiet;
  }

  /** Which scenario the narration below is about (narration only). */
  header(file: string, description: string, first: boolean): void {
    if (!this.narrating) return;
    if (!first) this.io.stdout('');
    this.io.stdout(this.paint(['bold'], `scenario ${file}`));
    this.io.stdout(this.paint('dim', `  ${description.trim().replace(/[ \t\r\n]+/g, ' ')}`));
  }

  /** One narration line. */
  trace(line: string): void {
    if (this.narrating) this.io.stdout(this.color ? colorize(visibleText(line)) : visibleText(line));
  }

  /** One JSON Lines line of the trace. */
  json(line: string): void {
    if (this.options.json) this.io.stdout(terminalSafeJson(line));
  }

  /** A verdict or a failure: always shown. */
  report(line: string, tone?: 'pass' | 'fail'): void {
    const styled = tone === 'pass' ? this.paint(['bold', 'green'], line) : tone === 'fail' ? this.paint(['bold', 'red'], line) : visibleText(line);
    this.verdictChannel(styled);
  }

  /** Something that held (`✓ expect ...`): not with --quiet. */
  pass(line: string): void {
    if (!this.options.quiet) this.verdictChannel(this.paint('green', line));
  }

  /** Information that is neither a pass nor a failure: not with --quiet. */
  note(line: string): void {
    if (!this.options.quiet) this.verdictChannel(this.paint('dim', line));
  }

  /** A rule violation the scenario did not expect; the narration already showed it in full. */
  violation(file: string, v: ViolationEvent): void {
    if (this.narrating) return;
    this.report(`✗ ${file}: unexpected violation of ${v.rule} by ${v.layer}: ${v.summary} (${v.detail})`, 'fail');
  }

  /** Bad input: `file:line:col: message`, on stderr. */
  problem(line: string): void {
    this.io.stderr(visibleText(line));
  }

  private verdictChannel(line: string): void {
    // Lines reach here painted: escape inside `paint`, not here (which would escape the colour).
    if (this.options.json) this.io.stderr(line);
    else this.io.stdout(line);
  }

  private paint(format: Style, text: string): string {
    const visible = visibleText(text);
    return this.color ? styleText(format, visible, { validateStream: false }) : visible;
  }
}

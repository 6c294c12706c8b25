/**
 * Colour for narration lines on a terminal. `narrate` writes plain text; this adds ANSI styles by
 * recognising its layout, and only when the caller decided colour is wanted (`shouldUseColor`).
 */
import { styleText } from 'node:util';
import { NARRATION_GUTTER } from './narrate.js';

type Style = Parameters<typeof styleText>[0];

/** What the command line said about colour: `--color`, `--no-color`, or nothing (decide from the environment). */
export type ColorChoice = 'always' | 'never' | 'auto';

/**
 * Whether to colour: `--color` / `--no-color` decide; otherwise FORCE_COLOR (set and not `0` or
 * `false`: colour; `0` or `false`: none), then NO_COLOR (set and non-empty: none, no-color.org), then
 * TERM=dumb (none); otherwise colour only on a terminal.
 */
export function shouldUseColor(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
  choice: ColorChoice = 'auto',
): boolean {
  if (choice !== 'auto') return choice === 'always';
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

/** One narration line with ANSI styles; blank lines and unrecognised lines come back unchanged. */
export function colorize(line: string): string {
  if (line.trim() === '') return line;
  if (line.startsWith('▶')) return style(['bold', 'cyan'], line);
  if (line.startsWith('  ✗')) return style(['bold', 'red'], line);
  if (line.startsWith('    source: ')) return style('dim', line);
  if (/^ {4}\S/.test(line)) return style('red', line);
  if (/^ *\d+ /.test(line)) {
    const gutter = line.slice(0, NARRATION_GUTTER.length);
    return style('dim', gutter) + style('bold', line.slice(NARRATION_GUTTER.length));
  }
  if (line.startsWith(NARRATION_GUTTER) && !line.startsWith(NARRATION_GUTTER + ' ')) {
    const body = line.slice(NARRATION_GUTTER.length);
    if (/^\S+ decides\b/.test(body)) return NARRATION_GUTTER + style('yellow', body);
    if (/^\S+ queues /.test(body)) return NARRATION_GUTTER + style('dim', body);
    if (/^\S+: .* → /.test(body)) return NARRATION_GUTTER + style('green', body);
  }
  return line;
}

/** styleText without its own stream check: the decision was made by `shouldUseColor`. */
function style(format: Style, text: string): string {
  return styleText(format, text, { validateStream: false });
}

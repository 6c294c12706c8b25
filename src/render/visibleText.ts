/**
 * Text from a file or the command line, made safe to show on a terminal: every control character a
 * terminal would act on (C0 except tab, DEL, C1, and the Unicode bidirectional overrides) is written
 * as a visible escape (`\x1b`, `\u202e`), so a scenario's description or a value echoed in an error
 * message cannot retitle the window, clear the screen or reorder what the user reads. A line break
 * inside one line of output is shown as `\n` too: every output line stays one line.
 */

/** Control characters: C0 but tab, DEL, C1; bidirectional embeddings, overrides and isolates. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r' };

/** `text` with every control character shown as an escape; unchanged when it has none. */
export function visibleText(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Our own colour (SGR: `ESC [ … m`), the one sequence the CLI itself writes. */
const SGR = /\x1b\[[0-9;]*m/y;

/**
 * A line the CLI itself styled, made safe: its SGR colour sequences are kept, every other control
 * character is escaped as `visibleText` does (the last line of defence before a terminal).
 */
export function visibleStyledText(line: string): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(line)) return line;
  let out = '';
  let i = 0;
  while (i < line.length) {
    SGR.lastIndex = i;
    const m = SGR.exec(line);
    if (m) {
      out += m[0];
      i += m[0].length;
      continue;
    }
    const next = line.indexOf('\x1b', i + 1);
    const end = next < 0 ? line.length : next;
    out += visibleText(line.slice(i, end));
    i = end;
  }
  return out;
}

/**
 * A JSON Lines line made safe for a terminal without changing what it means: JSON.stringify already
 * escapes C0 controls, and the rest a terminal would act on (DEL, C1, bidirectional overrides) can
 * only stand inside strings, where `\uXXXX` is the same text.
 */
export function terminalSafeJson(line: string): string {
  return line.replace(/[\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

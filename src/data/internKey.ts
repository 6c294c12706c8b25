/**
 * One string object per key text. The state keeps records by keys built at run time (a path's
 * `10.0.0.1->10.0.0.2`, a connection's 4-tuple); V8 adds and deletes such a key about five times
 * faster when the string is one it has seen before than when it is freshly built (it need not enter a
 * new string into its string table), so the key builders hand out the first string of each text. A
 * performance measure only: equal texts are equal keys either way.
 */
const seen = new Map<string, string>();

/** The same string object for the same text (the table is emptied when it reaches about a million keys). */
export function internKey(text: string): string {
  const known = seen.get(text);
  if (known !== undefined) return known;
  if (seen.size >= 1 << 20) seen.clear();
  seen.set(text, text);
  return text;
}

/**
 * One string object per key text. The state keeps records by keys built at run time (a path's
 * `10.0.0.1->10.0.0.2`, a connection's 4-tuple); V8 adds and deletes such a key about five times
 * faster when the string is one it has seen before than when it is freshly built (it need not enter a
 * new string into its string table), so the key builders hand out the first string of each text. A
 * performance measure only: equal texts are equal keys either way.
 *
 * The table is two generations of at most GENERATION keys each: a key used again is moved into the
 * young one, and when that is full it becomes the old one (the old one is let go). So the keys in use
 * stay interned, and the table's memory does not grow with the number of connections (a table of every
 * key ever built cost about 90 bytes per offloaded connection at 100,000 connections).
 */
const GENERATION = 1 << 14;

let young = new Map<string, string>();
let old = new Map<string, string>();

/** The same string object for the same text, while that text is in use. */
export function internKey(text: string): string {
  const known = young.get(text);
  if (known !== undefined) return known;
  const key = old.get(text) ?? text;
  if (young.size >= GENERATION) {
    old = young;
    young = new Map();
  }
  young.set(key, key);
  return key;
}

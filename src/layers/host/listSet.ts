/** Lists of strings used as sets (insertion order kept): the host's small bookkeeping sets live in plain data. */

/** Adds a value to a list used as a set (insertion order kept). */
export function addTo(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** Removes a value from a list used as a set. */
export function removeFrom(list: string[], value: string): void {
  const at = list.indexOf(value);
  if (at >= 0) list.splice(at, 1);
}

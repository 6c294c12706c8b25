/**
 * A deep copy of plain data (null, booleans, numbers, strings, arrays and plain objects), the one
 * kind of value the simulation's state is made of. Each object is copied with a spread (V8's fast
 * path for object literals), then its nested objects and arrays are copied in turn; key order (which is
 * iteration order) is kept.
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
  const out = { ...value } as Record<string, unknown>;
  for (const key in value) {
    const x = (value as Record<string, unknown>)[key];
    if (x !== null && typeof x === 'object') out[key] = cloneData(x);
  }
  return out as T;
}

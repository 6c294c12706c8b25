/**
 * Plain data: what the simulation's state is made of, so that it can be copied, compared, hashed and
 * written as JSON. Null, booleans, finite numbers, strings, arrays and plain objects (no prototype but
 * Object's), as a tree: no function, no class instance, no Map or Set, no undefined, no object reached twice.
 */

/** The first way `value` is not plain data (`a function at .handlers.x`), or undefined when it is. */
export function plainDataProblem(value: unknown): string | undefined {
  const seen = new Set<object>();
  const walk = (v: unknown, path: string): string | undefined => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return undefined;
    if (typeof v === 'number') return Number.isFinite(v) ? undefined : `${v} at ${path || 'the top'} (numbers must be finite)`;
    if (v === undefined) return `undefined at ${path || 'the top'} (use null)`;
    if (typeof v === 'function') return `a function at ${path || 'the top'}`;
    if (typeof v !== 'object') return `a ${typeof v} at ${path || 'the top'}`;
    if (seen.has(v)) return `the same object reached twice, at ${path || 'the top'} (state is a tree: refer to things by id)`;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) return `a hole at ${path}[${i}]`;
        const p = walk(v[i], `${path}[${i}]`);
        if (p) return p;
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return `a ${(v as object).constructor?.name ?? 'class'} instance at ${path || 'the top'}`;
    for (const key of Object.keys(v)) {
      const p = walk((v as Record<string, unknown>)[key], `${path}.${key}`);
      if (p) return p;
    }
    return undefined;
  };
  return walk(value, '');
}

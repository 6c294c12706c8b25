/**
 * A name <-> value lookup over a C enumeration written as a `const` object.
 * Why: the trace, the CLI and scenario files all speak the real enum names, and every number that
 * crosses a layer is decoded by the same table. Aliases (a second spelling of one value) resolve to
 * the value but never win when a value is turned back into a name; sentinels (`...Max...`) have a
 * value but are never legal.
 */
export interface Enumeration<V extends number = number> {
  /** The C type name, e.g. `TCP_UPLOAD_REASON`. */
  readonly typeName: string;
  /** Every name, canonical names first, then aliases. */
  readonly names: readonly string[];
  /** The canonical name of a value, or undefined when the value is not in the enumeration. */
  nameOf(value: number): string | undefined;
  /** The value of a name (canonical or alias), or undefined. */
  valueOf(name: string): V | undefined;
  /** True when the value is a member and not a sentinel. */
  isLegal(value: number): value is V;
  /** `Name (value)`, or `<unknown> (value)`; values are printed in hex when `hex` was asked for. */
  format(value: number): string;
}

export interface EnumerationOptions {
  /** Names that are a second spelling of a value that already has a canonical name. */
  aliases?: readonly string[];
  /** Names whose value marks the end of the enumeration and is never a legal value. */
  sentinels?: readonly string[];
  /** Print values as 0xXXXXXXXX (status codes). */
  hex?: boolean;
}

/** Builds the lookup for a `const` object of name -> value. */
export function defineEnumeration<T extends Record<string, number>>(
  typeName: string,
  members: T,
  options: EnumerationOptions = {},
): Enumeration<T[keyof T]> {
  const aliases = new Set(options.aliases ?? []);
  const sentinels = new Set(options.sentinels ?? []);
  const byValue = new Map<number, string>();
  const legal = new Set<number>();
  for (const [name, value] of Object.entries(members)) {
    if (!aliases.has(name) && !byValue.has(value)) byValue.set(value, name);
    if (!sentinels.has(name)) legal.add(value);
  }
  for (const name of sentinels) legal.delete(members[name] as number);
  const canonical = Object.keys(members).filter((n) => !aliases.has(n));
  const names = [...canonical, ...Object.keys(members).filter((n) => aliases.has(n))];
  const showValue = options.hex ? hex32 : (v: number) => String(v);
  return {
    typeName,
    names,
    nameOf: (value) => byValue.get(value),
    valueOf: (name) => (Object.hasOwn(members, name) ? (members[name] as T[keyof T]) : undefined),
    isLegal: (value): value is T[keyof T] => legal.has(value),
    format: (value) => `${byValue.get(value) ?? '<unknown>'} (${showValue(value)})`,
  };
}

/** `0x40020002` style, always eight hex digits. */
export function hex32(value: number): string {
  return '0x' + (value >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** The union of a const object's values. */
export type ValueOf<T> = T[keyof T];

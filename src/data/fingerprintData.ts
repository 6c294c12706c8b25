/**
 * A 64-bit fingerprint of plain data: two independent 32-bit lanes (multiply-xorshift mixing, as in
 * MurmurHash3's finalizer) fed with the value's canonical form — a type tag for each value, strings by
 * their UTF-16 code units, numbers by their 64-bit pattern, arrays in order, objects with their keys
 * sorted (the order a record's keys were made in is not part of a state: two schedules that fill a record
 * in different orders reach the same state). Equal data, equal fingerprint; different data collide with a
 * probability of about 2^-64 per pair.
 */

const F64 = new Float64Array(1);

/**
 * A state hashes the same keys and labels over and over (`tcp 1`, `10.0.0.1->10.0.0.2`, `SndUna`): each
 * text is hashed once into two 32-bit words (two independent lanes over its UTF-16 code units, as the
 * Hasher's own) and kept, in a table that is let go when it reaches STRINGS texts. A performance measure
 * only: a text's words are the same whether it came from the table or not.
 */
const STRINGS = 1 << 15;
let stringWords = new Map<string, readonly [number, number]>();

function stringHash(s: string): readonly [number, number] {
  const known = stringWords.get(s);
  if (known !== undefined) return known;
  let a = 0x811c9dc5 | 0;
  let b = 0x1b873593 | 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 15), 0xc2b2ae35);
  const words = [a ^ (a >>> 13), b ^ (b >>> 16)] as const;
  if (stringWords.size >= STRINGS) stringWords = new Map();
  stringWords.set(s, words);
  return words;
}
const U32 = new Uint32Array(F64.buffer);

/** The fingerprint of `value`, as 16 hex digits. */
export function fingerprintData(value: unknown): string {
  const h = new Hasher();
  h.value(value);
  return h.digest();
}

class Hasher {
  private a = 0x9e3779b9 | 0;
  private b = 0x85ebca6b | 0;

  private word(w: number): void {
    let a = this.a ^ w;
    a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
    a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
    this.a = a ^ (a >>> 16);
    let b = this.b ^ Math.imul(w, 0x27d4eb2f);
    b = Math.imul(b ^ (b >>> 15), 0x2c1b3c6d);
    b = Math.imul(b ^ (b >>> 12), 0x297a2d39);
    this.b = (b ^ (b >>> 15)) + this.a;
  }

  private string(s: string): void {
    this.word(s.length);
    if (s.length <= 2) {
      for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
      return;
    }
    const h = stringHash(s);
    this.word(h[0]);
    this.word(h[1]);
  }

  value(v: unknown): void {
    if (v === null) return this.word(1);
    switch (typeof v) {
      case 'boolean':
        return this.word(v ? 3 : 2);
      case 'number':
        if ((v | 0) === v) {
          this.word(4);
          return this.word(v);
        }
        F64[0] = v;
        this.word(5);
        this.word(U32[0]!);
        return this.word(U32[1]!);
      case 'string':
        this.word(6);
        return this.string(v);
      case 'object': {
        if (Array.isArray(v)) {
          this.word(7);
          this.word(v.length);
          for (const x of v) this.value(x);
          return;
        }
        this.word(8);
        const keys = Object.keys(v);
        if (keys.length > 1) keys.sort();
        for (const key of keys) {
          const x = (v as Record<string, unknown>)[key];
          if (x === undefined) continue;
          this.string(key);
          this.value(x);
        }
        return this.word(9);
      }
      default:
        return this.word(10); // undefined in an array (not plain data; hashed rather than refused)
    }
  }

  digest(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

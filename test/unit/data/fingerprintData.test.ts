/**
 * The whole-state operations on plain data (src/data): cloneData copies deeply and keeps key order;
 * fingerprintData gives equal data equal fingerprints, whatever order a record's keys were made in and
 * whether a text's words came from its cache, and tells apart data that differ in one character.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneData } from '../../../src/data/cloneData.js';
import { fingerprintData } from '../../../src/data/fingerprintData.js';

const SEED = 20261206;
const plain = fc.jsonValue();

/** The same record with its keys made in reverse order, all the way down. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)]));
}

describe('cloneData', () => {
  it('copies plain data deeply: equal, no object shared, keys in the same order', () => {
    fc.assert(
      fc.property(plain, (v) => {
        const c = cloneData(v);
        expect(c).toEqual(v);
        expect(JSON.stringify(c)).toBe(JSON.stringify(v));
        if (v !== null && typeof v === 'object') expect(c).not.toBe(v);
      }),
      { seed: SEED, numRuns: 300 },
    );
    const nested = { a: { b: [{ c: 1 }] } };
    const copy = cloneData(nested);
    copy.a.b[0]!.c = 2;
    expect(nested.a.b[0]!.c).toBe(1);
  });
});

describe('fingerprintData', () => {
  it('is the same for equal data, whatever order the keys were made in', () => {
    fc.assert(
      fc.property(plain, (v) => {
        expect(fingerprintData(cloneData(v))).toBe(fingerprintData(v));
        expect(fingerprintData(reversedKeys(v))).toBe(fingerprintData(v));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('tells apart texts that differ in one character, short or long, as values and as keys', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.nat(), fc.integer({ min: 1, max: 0xffff }), (s, at, delta) => {
        const i = at % s.length;
        const t = s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) + delta) % 0x10000) + s.slice(i + 1);
        fc.pre(t !== s);
        expect(fingerprintData({ v: t })).not.toBe(fingerprintData({ v: s }));
        expect(fingerprintData({ [t]: 1 })).not.toBe(fingerprintData({ [s]: 1 }));
      }),
      { seed: SEED, numRuns: 500 },
    );
    expect(fingerprintData(['ab', 'c'])).not.toBe(fingerprintData(['a', 'bc']));
    expect(fingerprintData('tcp 10')).not.toBe(fingerprintData('tcp 01'));
  });

  it('does not depend on what the text cache held: the same after 100,000 other texts were hashed', () => {
    const state = { 'tcp 1': { label: 'tcp 1', path: '10.0.0.1->10.0.0.2', SndUna: 1460 }, names: ['host', 'IM1', 'target'] };
    const before = fingerprintData(state);
    for (let i = 0; i < 100_000; i++) fingerprintData(`text number ${i}`);
    expect(fingerprintData(state)).toBe(before);
  });
});

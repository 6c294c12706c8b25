/** defineEnumeration: name <-> value lookup with aliases, sentinels and hex formatting. */
import { describe, expect, it } from 'vitest';
import { defineEnumeration, hex32 } from '../../../src/ndis/enumeration.js';

const COLOR = { Red: 1, Green: 2, Verde: 2, Blue: 3, MaxColor: 4 } as const;
const ColorEnum = defineEnumeration('COLOR', COLOR, { aliases: ['Verde'], sentinels: ['MaxColor'] });

describe('defineEnumeration', () => {
  it('lists canonical names first, then aliases', () => {
    expect(ColorEnum.typeName).toBe('COLOR');
    expect(ColorEnum.names).toEqual(['Red', 'Green', 'Blue', 'MaxColor', 'Verde']);
  });

  it('resolves aliases to their value but names values canonically', () => {
    expect(ColorEnum.valueOf('Verde')).toBe(2);
    expect(ColorEnum.nameOf(2)).toBe('Green');
    expect(ColorEnum.valueOf('Purple')).toBeUndefined();
    expect(ColorEnum.valueOf('toString')).toBeUndefined();
    expect(ColorEnum.nameOf(9)).toBeUndefined();
  });

  it('treats sentinels as members with a name but never legal', () => {
    expect(ColorEnum.nameOf(4)).toBe('MaxColor');
    expect(ColorEnum.isLegal(4)).toBe(false);
    expect(ColorEnum.isLegal(1)).toBe(true);
    expect(ColorEnum.isLegal(0)).toBe(false);
  });

  it('formats decimal by default and hex on request', () => {
    expect(ColorEnum.format(3)).toBe('Blue (3)');
    expect(ColorEnum.format(7)).toBe('<unknown> (7)');
    const Hex = defineEnumeration('H', { A: 0xc0231004 }, { hex: true });
    expect(Hex.format(0xc0231004)).toBe('A (0xC0231004)');
  });
});

describe('hex32', () => {
  it('prints eight upper-case hex digits of the unsigned value', () => {
    expect(hex32(0)).toBe('0x00000000');
    expect(hex32(0x40020002)).toBe('0x40020002');
    expect(hex32(-1)).toBe('0xFFFFFFFF');
  });
});

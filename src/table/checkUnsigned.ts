/** Internal: range checks for the fields the tables write (DataView would wrap or half-write silently). */

/** Largest DWORD. */
export const DWORD_MAX = 0xffffffff;
/** Largest port number (u_short). */
export const PORT_MAX = 0xffff;

/**
 * Returns `value` when it is an integer in 0..max.
 * @throws RangeError naming the field and the value otherwise.
 */
export function checkUnsigned(field: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${field} must be an integer in 0..${max}, got ${value}`);
  }
  return value;
}

/**
 * Checks that `size` bytes at `offset` lie inside `view`, so an encoder fails before writing anything.
 * @throws RangeError otherwise.
 */
export function checkFits(view: DataView, offset: number, size: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + size > view.byteLength) {
    throw new RangeError(`${size} bytes at offset ${offset} do not fit in ${view.byteLength} bytes`);
  }
}

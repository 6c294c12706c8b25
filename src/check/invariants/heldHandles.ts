/**
 * The generic scan behind the `no-leaks` invariant: every NDIS_OFFLOAD_HANDLE a driver's plain-data state
 * holds, and where. A driver may keep its state in any shape, so the scan is a heuristic: any object with
 * exactly the handle's fields as their types — `owner` (string), `id` (number), `label` (string) — is
 * taken for a handle, wherever it sits (an IM offload entry's upperHandle or ownHandle, a call entry's
 * saved block list, a target's context area). An OffloadContext (`{ owner, id }`, no label) is not.
 */
import type { NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';

/** A handle found in a driver's state, and the path to it (`entries.3.upperHandle`). */
export interface HeldHandle {
  readonly handle: NDIS_OFFLOAD_HANDLE;
  readonly path: string;
}

/** Every handle-shaped value in `state`, depth first, each with its path. */
export function heldHandles(state: unknown): HeldHandle[] {
  const out: HeldHandle[] = [];
  walk(state, '', out, 0, new Set());
  return out;
}

/** Deeper than this, the scan stops (plain data this deep is not a driver's bookkeeping). */
const MAX_DEPTH = 64;

/** Depth first; an object met twice (a state that is not a tree) is scanned once. */
function walk(value: unknown, path: string, out: HeldHandle[], depth: number, seen: Set<object>): void {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return;
  seen.add(value);
  if (isHandle(value)) {
    out.push({ handle: value, path });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, path ? `${path}.${i}` : String(i), out, depth + 1, seen));
    return;
  }
  for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, out, depth + 1, seen);
}

function isHandle(v: object): v is NDIS_OFFLOAD_HANDLE {
  const h = v as Partial<NDIS_OFFLOAD_HANDLE>;
  return typeof h.owner === 'string' && typeof h.id === 'number' && typeof h.label === 'string' && Object.keys(v).length === 3;
}

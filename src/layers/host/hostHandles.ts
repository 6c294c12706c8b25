/**
 * The host's handles: each NDIS_OFFLOAD_HANDLE it gives for one of its objects is an id that maps to the
 * object's ref, so a handle that comes back up (in a completion or an indication) resolves to its record.
 */
import type { NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { HostObject } from './HostObject.js';
import type { HostState } from './HostState.js';

/** A new handle of the host's for one of its objects. */
export function allocateHandle(s: HostState, label: string, ref: string): NDIS_OFFLOAD_HANDLE {
  const id = s.nextHandleId++;
  s.byHandle[id] = ref;
  return { owner: s.name, id, label };
}

/** The record an objectRef names. */
export function objectByRef(s: HostState, ref: string): HostObject | undefined {
  const key = ref.slice(2);
  switch (ref[0]) {
    case 'T':
      return s.tcbs[key];
    case 'P':
      return s.paths[key];
    case 'N':
      return s.neighbors[key];
    default:
      return undefined;
  }
}

/** The host record a handle stands for, if the handle is the host's own. */
export function recordOfHandle(s: HostState, h: NDIS_OFFLOAD_HANDLE | null | undefined): HostObject | undefined {
  if (!h || h.owner !== s.name) return undefined;
  const ref = s.byHandle[h.id];
  return ref === undefined ? undefined : objectByRef(s, ref);
}

/**
 * The host's typed lookups: a record by its key, and the records a record names. A key the host wrote
 * itself must resolve; one that does not is a bug in the host, reported with a clear error.
 */
import type { NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import { pathKey, portsKey, type FourTuple } from '../../wire/FourTuple.js';
import type { HostNeighbor, HostPath } from './HostObject.js';
import type { HostState } from './HostState.js';
import type { Tcb } from './tcp/Tcb.js';

/** The label (and key) of a connection's TCB. */
export function tcbLabel(id: string): string {
  return `tcp ${id}`;
}

/** The TCB with this label (one the host keeps a key of); throws if there is none. */
export function tcbByLabel(s: HostState, label: string): Tcb {
  const t = s.tcbs[label];
  if (!t) throw new Error(`host: no TCB '${label}'`);
  return t;
}

/** The path with this key (one the host keeps a key of); throws if there is none. */
export function pathByKey(s: HostState, key: string): HostPath {
  const p = s.paths[key];
  if (!p) throw new Error(`host: no path '${key}'`);
  return p;
}

/** The neighbor with this key (next hop; one the host keeps a key of); throws if there is none. */
export function neighborByKey(s: HostState, key: string): HostNeighbor {
  const n = s.neighbors[key];
  if (!n) throw new Error(`host: no neighbor '${key}'`);
  return n;
}

/** The path a TCB is on. */
export function pathOf(s: HostState, t: Tcb): HostPath {
  return pathByKey(s, t.path);
}

/** The neighbor a path goes through. */
export function neighborOf(s: HostState, p: HostPath): HostNeighbor {
  return neighborByKey(s, p.neighbor);
}

/** The TCBs of a path, in the order they were made. */
export function tcbsOfPath(s: HostState, p: HostPath): Tcb[] {
  return Object.values(p.tcbs).map((label) => tcbByLabel(s, label));
}

/** The TCB an NBL the host made belongs to (its ProtocolReserved holds the TCB's label). */
export function tcbOfNbl(s: HostState, n: { ProtocolReserved: unknown }): Tcb | undefined {
  return typeof n.ProtocolReserved === 'string' ? s.tcbs[n.ProtocolReserved] : undefined;
}

/**
 * The NBLs of a completed chain the host takes back, each unchained and with its TCB (NBLs of a TCB
 * the host no longer has are skipped). The data completions (send, receive, forward) all start here.
 */
export function completedNbls(s: HostState, head: NET_BUFFER_LIST | null): Array<[NET_BUFFER_LIST, Tcb]> {
  const out: Array<[NET_BUFFER_LIST, Tcb]> = [];
  for (let n = head, next; n; n = next) {
    next = n.Next;
    n.Next = null;
    const t = tcbOfNbl(s, n);
    if (t) out.push([n, t]);
  }
  return out;
}

/** The TCB of a 4-tuple, as a received segment finds it. */
export function tcbOf(s: HostState, t: FourTuple): Tcb | undefined {
  const label = s.paths[pathKey(t.localAddress, t.remoteAddress)]?.tcbs[portsKey(t.localPort, t.remotePort)];
  return label === undefined ? undefined : s.tcbs[label];
}

/** The TCB of a connection id given from outside, or a RangeError naming the unknown one. */
export function tcbNamed(s: HostState, id: string): Tcb {
  const t = s.tcbs[tcbLabel(id)];
  if (!t) throw new RangeError(`no connection '${id}' (known: ${Object.values(s.tcbs).map((x) => x.id).join(', ') || 'none'})`);
  return t;
}

/** The TCBs named, or a RangeError naming the unknown one. */
export function tcbsNamed(s: HostState, ids: readonly string[]): Tcb[] {
  return ids.map((id) => tcbNamed(s, id));
}

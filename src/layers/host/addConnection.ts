/** The application opens a connection: the host makes its TCB, and the path and neighbor records it needs. */
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCPSTATE } from '../../ndis/TCPSTATE.js';
import { pathKey, portsKey } from '../../wire/FourTuple.js';
import { allocateHandle } from './hostHandles.js';
import type { HostNeighbor } from './HostObject.js';
import type { HostState } from './HostState.js';
import { tcbLabel } from './lookup.js';

/** A connection the host stack has set up (the application's socket). */
export interface ConnectionSpec {
  id: string;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  owningPid: number;
  /** TCPSTATE; ESTABLISHED when omitted. */
  state?: number;
  /** The next hop's address; the remote address (on-link) when omitted. */
  nextHop?: string;
}

/** Creates the TCB (and its path and neighbor records when new). */
export function addConnection(s: HostState, spec: ConnectionSpec): void {
  const label = tcbLabel(spec.id);
  if (s.tcbs[label]) throw new RangeError(`connection '${spec.id}' already exists`);
  const neighbor = neighborFor(s, spec.nextHop ?? spec.remoteAddress);
  const key = pathKey(spec.localAddress, spec.remoteAddress);
  let path = s.paths[key];
  if (!path) {
    const pathLabel = `path ${spec.remoteAddress}`;
    path = s.paths[key] = {
      kind: 'Path', key, label: pathLabel, SourceAddress: spec.localAddress, DestinationAddress: spec.remoteAddress, neighbor: neighbor.key,
      relinkTo: null, updating: false, nextHopLater: null, handle: allocateHandle(s, pathLabel, `P ${key}`), offload: S.TcpConnectionOffloadStateInHost,
      users: 0, tcbs: {},
    };
  }
  s.tcbs[label] = {
    kind: 'Tcp', id: spec.id, label, localAddress: spec.localAddress, localPort: spec.localPort, remoteAddress: spec.remoteAddress,
    remotePort: spec.remotePort, owningPid: spec.owningPid, path: key, handle: allocateHandle(s, label, `T ${label}`),
    tcp: spec.state ?? TCPSTATE.TCPSTATE_ESTABLISHED, offload: S.TcpConnectionOffloadStateInHost, sendBacklog: 0, uploadOwed: 0, opsInFlight: 0,
    disconnectIndicated: false, aborted: false, stream: null, returnedState: null, deleted: false,
  };
  path.tcbs[portsKey(spec.localPort, spec.remotePort)] = label;
}

/** The host's neighbor record for a next hop, created on first use. */
export function neighborFor(s: HostState, hop: string): HostNeighbor {
  let neighbor = s.neighbors[hop];
  if (!neighbor) {
    const label = `neighbor ${hop}`;
    neighbor = s.neighbors[hop] = {
      kind: 'Neighbor', key: hop, label, mac: macFor(Object.keys(s.neighbors).length + 1), handle: allocateHandle(s, label, `N ${hop}`),
      offload: S.TcpConnectionOffloadStateInHost, users: 0,
    };
  }
  return neighbor;
}

function macFor(n: number): string {
  return `02:00:00:00:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`;
}

/** The host's own decisions, given from outside (the application, the routing table, a test): the commands of the host stack. */
import type { Reserved } from '../../ndis/NET_BUFFER_LIST.js';
import type { TCP_OFFLOAD_STATE_CACHED } from '../../ndis/stateStructures.js';
import type { ConnectionSpec } from './addConnection.js';

/** The host's own decisions, given from outside (the application, the routing table, a test). */
export type HostCommand =
  | { type: 'AddConnection'; connection: ConnectionSpec }
  | { type: 'Offload'; connections: string[] }
  | { type: 'Upload'; connections: string[] }
  | { type: 'UploadAll' }
  | { type: 'Update'; connection: string; Cached: Partial<TCP_OFFLOAD_STATE_CACHED> }
  /** ICMP "packet too big" / PMTU discovery: the connection's path has a new PathMtu. */
  | { type: 'UpdatePathMtu'; connection: string; PathMtu: number }
  /** ARP / neighbor discovery: the connection's next hop has a new MAC (DlDestinationAddress). */
  | { type: 'UpdateNeighborMac'; connection: string; DlDestinationAddress: string }
  | { type: 'Invalidate'; connection: string; layer: 'Tcp' | 'Path' | 'Neighbor' }
  | { type: 'Query'; connection: string }
  /** The next hop of a connection's path changed (ICMP redirect, routing): re-link the path. */
  | { type: 'Relink'; connection: string; nextHop: string }
  /** The application writes `bytes` bytes to the connection. */
  | { type: 'Send'; connection: string; bytes: number }
  /** The application closes the connection: gracefully (FIN) or abortively (RST). */
  | { type: 'Disconnect'; connection: string; abortive: boolean }
  /** The application posts a receive buffer of `bytes` bytes (`noPush`: complete it only when full). */
  | { type: 'PostReceive'; connection: string; bytes: number; noPush: boolean }
  /** The application reads up to `bytes` bytes (all when null) of what the host kept for it. */
  | { type: 'Read'; connection: string; bytes: number | null }
  /** A timer the host stack set (NdisSetTimerObject) expired: NDIS hands it back its FunctionContext. */
  | { type: 'TimerExpired'; TimerObject: string; FunctionContext: Reserved };

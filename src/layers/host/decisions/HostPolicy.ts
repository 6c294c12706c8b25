/** The host's policies: the choices the reference leaves to the host stack, with their defaults. */
import type { TcpTimerParameters } from '../../../ndis/TcpTimerParameters.js';

/** What the host does with an optional TcpIndicateRetrieve. */
export type OptionalRetrievePolicy = 'upload' | 'keep';

export interface HostPolicy {
  /** Optional TCP_UPLOAD_REASONs: upload (default) or keep the connection offloaded. */
  optionalRetrieve: OptionalRetrievePolicy;
  /** Terminate a path or neighbor together with its last connection (default true). */
  releaseUnusedPathsAndNeighbors: boolean;
  /** The answer to NeighborReachabilityQuery: true = reachable (non-zero HRD), false = stale (HRD 0). */
  neighborReachable: boolean;
  /** Bytes of received data the host keeps for a connection until the application reads it (its socket receive buffer). */
  receiveBuffer: number;
  /**
   * How long a TCB stays in TIME_WAIT (2MSL), in seconds: Windows' TcpTimedWaitDelay, whose default
   * is 120 s (Windows Vista and later; 240 s before). Virtual time, like every timer here.
   */
  timedWaitDelaySeconds: number;
  /** An acceptable RST in TIME_WAIT: `close` (RFC 793, default: CLOSED, the TCB deleted) or `ignore` (RFC 1337's TIME-WAIT assassination fix). */
  timeWaitRst: 'close' | 'ignore';
  /** SO_KEEPALIVE on every connection: the host offloads with TCP_FLAG_KEEP_ALIVE_ENABLED, and the target runs the keepalive timer (false when absent). */
  keepAlive?: boolean;
  /** The TCP timers of the host's own TCP (retransmit, FIN_WAIT_2), set with a lossy wire: Windows' defaults, see TcpTimerParameters; absent: no retransmit timer (a wire that loses nothing). */
  tcpTimers?: TcpTimerParameters;
}

export const DEFAULT_HOST_POLICY: HostPolicy = {
  optionalRetrieve: 'upload', releaseUnusedPathsAndNeighbors: true, neighborReachable: true, receiveBuffer: 65_535,
  timedWaitDelaySeconds: 120, timeWaitRst: 'close',
};

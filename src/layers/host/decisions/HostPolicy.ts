/** The host's policies: the choices the reference leaves to the host stack, with their defaults. */
import type { TcpTimerParameters } from '../../../ndis/TcpTimerParameters.js';
import { DEFAULT_PERSIST_TIMER, type PersistTimerPolicy } from '../../../wire/window.js';

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
   * The TCP receive window's buffer, bytes (SO_RCVBUF as TCP uses it): what the host's own TCP advertises
   * minus the bytes received and not read, and the InitialRcvWnd it offloads with (reference §3.3), which
   * is the target's. Default 65535 (no window scaling is modelled). Apart from `receiveBuffer`, which bounds
   * what the host takes from receive indications, so that each can be shown on its own.
   */
  receiveWindow: number;
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
  /** The host's own TCP's persist timer (zero-window probes): first delay and the most it backs off to (default 1 s doubling to 60 s). */
  persistTimer: PersistTimerPolicy;
}

export const DEFAULT_HOST_POLICY: HostPolicy = {
  optionalRetrieve: 'upload', releaseUnusedPathsAndNeighbors: true, neighborReachable: true, receiveBuffer: 65_535, receiveWindow: 65_535,
  timedWaitDelaySeconds: 120, timeWaitRst: 'close', persistTimer: DEFAULT_PERSIST_TIMER,
};

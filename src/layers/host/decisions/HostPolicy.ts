/** The host's policies: the choices the reference leaves to the host stack, with their defaults. */

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
}

export const DEFAULT_HOST_POLICY: HostPolicy = {
  optionalRetrieve: 'upload', releaseUnusedPathsAndNeighbors: true, neighborReachable: true, receiveBuffer: 65_535,
};

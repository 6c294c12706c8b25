/**
 * The offload state structures that follow a block list in memory (reference §3.3), one interface per
 * C structure, fields named as in ndischimney.h. The simulator keeps ports in host byte order here.
 */
import type { NET_BUFFER_LIST } from './NET_BUFFER_LIST.js';
import type { TCP_OFFLOAD_CONNECTION_STATE } from './TCPSTATE.js';

export interface NEIGHBOR_OFFLOAD_STATE_CONST {
  /** Source MAC as text (`02:00:00:00:00:01`), or '' for NULL. */
  DlSourceAddress: string;
  VlanId: number;
}
export interface NEIGHBOR_OFFLOAD_STATE_CACHED {
  /** Next-hop MAC as text. */
  DlDestinationAddress: string;
  /** HRD, ticks. */
  HostReachabilityDelta: number;
}
export interface NEIGHBOR_OFFLOAD_STATE_DELEGATED {
  /** NRD, ticks. */
  NicReachabilityDelta: number;
}

export interface PATH_OFFLOAD_STATE_CONST {
  SourceAddress: string;
  DestinationAddress: string;
}
export interface PATH_OFFLOAD_STATE_CACHED {
  PathMtu: number;
}
/** Header only: a path has no delegated state. */
export type PATH_OFFLOAD_STATE_DELEGATED = Record<string, never>;

export interface TCP_OFFLOAD_STATE_CONST {
  Flags: number;
  RemotePort: number;
  LocalPort: number;
  SndWindScale: number;
  RcvWindScale: number;
  RemoteMss: number;
  HashValue: number;
}
export interface TCP_OFFLOAD_STATE_CACHED {
  Flags: number;
  InitialRcvWnd: number;
  RcvIndicationSize: number;
  KaProbeCount: number;
  KaTimeout: number;
  KaInterval: number;
  MaxRT: number;
  FlowLabel: number;
  TtlOrHopLimit: number;
  TosOrTrafficClass: number;
  UserPriority: number;
}
/** The delegated TCP state; the unions of the header are flattened (Head/Tail in initiate/terminate, backlog sizes in query). */
export interface TCP_OFFLOAD_STATE_DELEGATED {
  State: TCP_OFFLOAD_CONNECTION_STATE;
  Flags: number;
  RcvNxt: number;
  RcvWnd: number;
  SndUna: number;
  SndNxt: number;
  SndMax: number;
  SndWnd: number;
  MaxSndWnd: number;
  SendWL1: number;
  CWnd: number;
  SsThresh: number;
  SRtt: number;
  RttVar: number;
  TsRecent: number;
  TsRecentAge: number;
  TsTime: number;
  TotalRT: number;
  DupAckCount: number;
  SndWndProbeCount: number;
  KeepAlive: { ProbeCount: number; TimeoutDelta: number };
  Retransmit: { Count: number; TimeoutDelta: number };
  /**
   * Initiate and terminate only: the first and last NBL of outstanding send data, by NBL id (pointers
   * into the block list's NetBufferListChain in C: SendDataHead is its first NBL, and the byte at SndUna
   * is that NBL's first byte); null when there is none.
   */
  SendDataHead?: number | null;
  SendDataTail?: number | null;
  /** Query only: bytes of send data queued at the target (0xFFFFFFFF = unsupported). */
  SendBacklogSize?: number;
  /** Query only: bytes of receive data buffered at the target (0xFFFFFFFF = unsupported). */
  ReceiveBacklogSize?: number;
  /**
   * Initiate and terminate only: receive data already ACKed and not yet delivered, the bytes just
   * before RcvNxt (on initiate the target copies it; on terminate the host keeps the NBLs until it
   * returns them with NdisOffloadTcpReceiveReturn).
   */
  BufferedData?: NET_BUFFER_LIST | null;
  DWnd: number;
}

/** What follows a neighbor block list: any of CONST, CACHED, DELEGATED (NeighborOffloadState = all three). */
export interface NeighborOffloadStructures {
  Const?: NEIGHBOR_OFFLOAD_STATE_CONST;
  Cached?: NEIGHBOR_OFFLOAD_STATE_CACHED;
  Delegated?: NEIGHBOR_OFFLOAD_STATE_DELEGATED;
}
export interface PathOffloadStructures {
  Const?: PATH_OFFLOAD_STATE_CONST;
  Cached?: PATH_OFFLOAD_STATE_CACHED;
  Delegated?: PATH_OFFLOAD_STATE_DELEGATED;
}
export interface TcpOffloadStructures {
  Const?: TCP_OFFLOAD_STATE_CONST;
  Cached?: TCP_OFFLOAD_STATE_CACHED;
  Delegated?: TCP_OFFLOAD_STATE_DELEGATED;
}
/** The state structures following one block list ("in memory"); null when none follow. */
export type OffloadStateStructures = NeighborOffloadStructures | PathOffloadStructures | TcpOffloadStructures;

/**
 * The host stack's records, plain data: one TCB per connection, with the RFC 793 state (`tcp`) and the
 * offload state (`offload`) as two separate regions (FreeBSD TOE style: offload bookkeeping beside the
 * TCP state, not in place of it), and the shared path and neighbor objects of the offload tree. Records
 * name each other by key (a TCB its path's pathKey, a path its neighbor's next hop), and each carries
 * the NDIS_OFFLOAD_HANDLE the host passes down for it.
 */
import type { NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import type { Segment } from '../../wire/Segment.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../ndis/stateStructures.js';

/** The host's neighbor (framing layer) object: one per next hop. */
export interface HostNeighbor {
  readonly kind: 'Neighbor';
  /** The next hop's address: its key among the host's neighbors. */
  readonly key: string;
  readonly label: string;
  /** The next hop's MAC (DlDestinationAddress). */
  readonly mac: string;
  readonly handle: NDIS_OFFLOAD_HANDLE;
  offload: number;
  /** Paths offloaded or offloading under it. */
  users: number;
}

/** The host's path (network layer) object: one per source/destination pair. */
export interface HostPath {
  readonly kind: 'Path';
  /** pathKey(SourceAddress, DestinationAddress): its key among the host's paths. */
  readonly key: string;
  readonly label: string;
  readonly SourceAddress: string;
  readonly DestinationAddress: string;
  /** Its neighbor's key; changes when the next hop changes (re-linked with NdisUpdateOffload while offloaded). */
  neighbor: string;
  /** The neighbor (key) this path is being moved to, while the re-link is in progress. */
  relinkTo: string | null;
  /** An NdisUpdateOffload re-linking this path is in flight. */
  updating: boolean;
  /**
   * A next hop (neighbor key) the path could not be re-linked to while offloaded: the host uploads the
   * path (whatever its release policy) and the path takes this neighbor once it is back in the host.
   */
  nextHopLater: string | null;
  readonly handle: NDIS_OFFLOAD_HANDLE;
  offload: number;
  /** TCBs offloaded or offloading on it. */
  users: number;
  /** Its TCBs' labels by portsKey(local port, remote port): how a received segment finds its connection. */
  readonly tcbs: Record<string, string>;
}

/** Where a TCB's streams stand. */
export interface TcbStream {
  /** Bytes the application has written so far (the send stream is [0, appBytes)). */
  appBytes: number;
  /** Send NBLs the host holds itself, in stream order (not offloaded, or not yet posted, or handed back). */
  sendQueue: readonly NET_BUFFER_LIST[];
  /** The ids of the NBLs handed down with the last initiate, until it completes. */
  sendChainDown: number[] | null;
  /** Bytes the peer acknowledged (in the host, or sends completed with SUCCESS). */
  ackedBytes: number;
  /** Stream ranges dropped: by a reset (REQUEST_ABORTED, or the host's own queue), or written after the send half closed. */
  discarded: Array<[number, number]>;
  /** Next byte the host's own TCP transmits (SND.NXT while in the host). */
  sndNxt: number;
  /** Segments that came up the normal path while the connection was being offloaded or uploaded. */
  heldSegments: readonly Segment[];
  /** Where this side's FIN sits in the stream once sent by the host itself (-1: not sent by the host). */
  finSeq: number;
  /** A close the application asked for while the connection was being offloaded or uploaded (disconnect Flags; 0 = none). */
  closeOwed: number;

  // ---- the receive stream (the peer's bytes) ----
  /** The host's own TCP's RCV.NXT (while in the host; from the delegated state after an upload). */
  rcvNxt: number;
  /** Bytes delivered to the application, in order: the receive stream up to here. */
  appReceived: number;
  /** Bytes that reached the application a second time (a bug the checker reports). */
  appMisdelivered: number;
  /** Ranges handed to the application ahead of earlier bytes, waiting for them (in stream order). */
  appWaiting: Array<[number, number]>;
  /** Received and not yet read, in stream order; `nbl` is the target's NBL the host keeps until it returns it. */
  socketBuffer: SocketBufferEntry[];
  /** The application's receive buffers the host fills itself (in the host, or until an offload or upload completes). */
  hostPosted: NET_BUFFER_LIST[];
  /** Receive buffers posted to the target and not yet completed. */
  postedDown: number;
  /** The ids of the BufferedData NBLs handed down with the initiate in flight (the host keeps its copy until the initiate succeeds). */
  bufferedDown: number[] | null;
  /** Data and FIN segments that arrived ahead of RCV.NXT while in the host, in sequence order (forwarded if it offloads). */
  outOfOrder: Segment[];
  /** The target's offered data was refused (NOT_ACCEPTED or PARTIALLY_ACCEPTED): a post will re-enable indications. */
  indicationRefused: boolean;
}

/** Received bytes [from, to) the application has not read yet. */
export interface SocketBufferEntry {
  from: number;
  to: number;
  /** The target's NBL holding them (a SUCCESS indication, or a terminate's BufferedData), returned once read; null for the host's own copy. */
  nbl: NET_BUFFER_LIST | null;
}

/** A stream with nothing in it yet. */
export function createTcbStream(): TcbStream {
  return {
    appBytes: 0, sendQueue: [], sendChainDown: null, ackedBytes: 0, discarded: [], sndNxt: 0, heldSegments: [], finSeq: -1,
    closeOwed: 0, rcvNxt: 0, appReceived: 0, appMisdelivered: 0, appWaiting: [], socketBuffer: [], hostPosted: [], postedDown: 0,
    bufferedDown: null, outOfOrder: [], indicationRefused: false,
  };
}

/** The TCB's stream, made on first use. */
export function streamOf(t: Tcb): TcbStream {
  return (t.stream ??= createTcbStream());
}

/** A transmission control block. */
export interface Tcb {
  readonly kind: 'Tcp';
  /** The connection id used by commands and scenarios (`1`, `web`). */
  readonly id: string;
  /** `tcp <id>`: its name in traces, and its key among the host's TCBs. */
  readonly label: string;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly owningPid: number;
  /** Its path's key. */
  readonly path: string;
  readonly handle: NDIS_OFFLOAD_HANDLE;
  /** RFC 793 region: a TCPSTATE value. */
  tcp: number;
  /** Offload region: a TCP_CONNECTION_OFFLOAD_STATE value. */
  offload: number;
  /** Optimum send backlog the target last indicated (TcpIndicateSendBacklogChange), bytes; 0 = none yet. */
  sendBacklog: number;
  /** An upload the host owes (a TCP_UPLOAD_REASON, or -1 for its own reasons) once the offload completes; 0 = none. */
  uploadOwed: number;
  /** Updates, queries and invalidates of this TCP object in flight; a terminate waits for them (reference §6.2). */
  opsInFlight: number;
  /** TcpIndicateDisconnect arrived: the receive half is closed. */
  disconnectIndicated: boolean;
  /** TcpIndicateAbort arrived: the TCB is being deleted. */
  aborted: boolean;
  /** The streams' bookkeeping, made when the connection first carries data (most never do at scale). */
  stream: TcbStream | null;
  /** Delegated state handed back by the last terminate. */
  returnedState: TCP_OFFLOAD_STATE_DELEGATED | null;
}

export type HostObject = Tcb | HostPath | HostNeighbor;

/** How the host names one of its objects in its own sets (invalidated, ...): kind and key. */
export function objectRef(o: HostObject): string {
  return o.kind === 'Tcp' ? `T ${o.label}` : o.kind === 'Path' ? `P ${o.key}` : `N ${o.key}`;
}

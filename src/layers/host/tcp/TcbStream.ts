/** Where a TCB's send and receive streams stand: the bytes the host holds, sent, posted and handed over. */
import { nblEnd, type NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import type { Segment } from '../../../wire/Segment.js';
import type { Tcb } from './Tcb.js';
import { createTcbWindow, type TcbWindow } from './TcbWindow.js';

/** Where a TCB's streams stand. */
export interface TcbStream {
  /** Bytes the application has written so far (the send stream is [0, appBytes)). */
  appBytes: number;
  /** Send NBLs the host holds itself, in stream order (not offloaded, or not yet posted — beyond the optimum backlog —, or handed back). */
  sendQueue: readonly NET_BUFFER_LIST[];
  /** Offloaded: bytes of send NBLs at the target and not yet completed (posted, or handed down with the initiate). */
  sendOutstanding: number;
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
  /** Its windows: the receive window advertised, the peer's send window, zero-window probing. */
  window: TcbWindow;
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
    appBytes: 0, sendQueue: [], sendOutstanding: 0, sendChainDown: null, ackedBytes: 0, discarded: [], sndNxt: 0, heldSegments: [], finSeq: -1,
    closeOwed: 0, rcvNxt: 0, appReceived: 0, appMisdelivered: 0, appWaiting: [], socketBuffer: [], hostPosted: [], postedDown: 0,
    bufferedDown: null, outOfOrder: [], indicationRefused: false, window: createTcbWindow(),
  };
}

/** The TCB's stream, made on first use. */
export function streamOf(t: Tcb): TcbStream {
  return (t.stream ??= createTcbStream());
}

/** Stream order of NBLs (the order of a sendQueue). */
export function byStreamOffset(a: NET_BUFFER_LIST, b: NET_BUFFER_LIST): number {
  return a.DataOffset - b.DataOffset;
}

/** The end of the data the host holds to send (the end of its last queued NBL), or SND.NXT when it holds none. */
export function sendEnd(s: TcbStream): number {
  const last = s.sendQueue[s.sendQueue.length - 1];
  return last ? nblEnd(last) : s.sndNxt;
}

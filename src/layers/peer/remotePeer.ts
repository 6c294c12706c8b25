/**
 * The remote peer: the machine at the other end of every connection, as a handler table over plain data. It
 * receives this machine's segments, reassembles each stream in order (counting any byte that arrives
 * twice), and acknowledges at once with a cumulative ACK. It can close its send half (FIN) or reset
 * the connection (RST, acceptable or out of window), and sends data of its own (with PSH, or without).
 * A FIN takes one sequence number, in both directions (RFC 793): the peer's ACK of this machine's FIN is
 * one past it, and after its own FIN the peer's segments carry the sequence number after the FIN.
 * `sndNxt` counts the peer's data bytes only (the ledger's "bytes sent"); the FIN is `finSent`.
 *
 * Windows (RFC 793 §3.7): every segment of the peer carries the window it offers (`rcvWnd`: 65535 unless
 * a scenario sets it, e.g. to 0 and back — each change goes out as a window update); it takes nothing
 * past it (a zero-window probe's byte is dropped and answered with an ACK). It sends nothing past the
 * right edge this machine last advertised (ack + window; before any, the window of the handshake:
 * `initialWindow`, this machine's receive buffer): what does not fit waits, and goes out as the window
 * opens. A scripted send with `ignoreWindow` is a misbehaving peer: it sends everything at once; the
 * receiver must drop what is past its window and ACK with its window (RFC 793 p.69), and the peer sends
 * the dropped bytes again when it learns of it (an ACK short of what it sent) — those bytes are
 * `overWindow` until then.
 *
 * On a wire that can lose (`retransmit` set) the peer retransmits: it keeps SND.UNA (`sndUna`) and runs
 * a retransmit timer for what it sent and this machine has not acknowledged (peerRetransmit). Until
 * then it holds those bytes, so the nothing-lost ledger lets them be missing everywhere else; on a
 * lossless wire it is the ideal peer, whose every segment arrives, and it never retransmits. On a wire
 * that can lose it also runs a persist timer behind this machine's zero window and probes it
 * (peerPersist), so a lost window update does not leave it waiting for ever.
 */
import { fourTupleOf, fourTupleText, type FourTuple } from '../../wire/FourTuple.js';
import type { Segment } from '../../wire/Segment.js';
import { DEFAULT_PEER_WINDOW } from '../../wire/window.js';
import {
  armPeerRetransmit,
  outstanding,
  peerAcked,
  peerRetransmitExpired,
  stopPeerRetransmit,
  type PeerRetransmit,
  type PeerRetransmitParameters,
  type PeerTimers,
} from './peerRetransmit.js';
import { peerPersistExpired, peerProbeAcked, settlePeerPersist, stopPeerPersist, type PeerPersist } from './peerPersist.js';

/** What the peer knows of one connection. */
export interface PeerConnection {
  /** Next byte of this machine's stream the peer expects: everything before it was received, in order. */
  rcvNxt: number;
  /** Out-of-order ranges received beyond rcvNxt, [start, end). */
  outOfOrder: Array<[number, number]>;
  /** Bytes that arrived again after the peer already had them (on a lossless wire nothing is sent twice, so there a resend is a bug). */
  duplicateBytes: number;
  /** The bytes it first took from zero-window probes (Segment.probe), which may rightly come again. */
  probed?: number[];
  /** The peer's own send stream (for its segments' seq). */
  sndNxt: number;
  /** The peer sent its FIN (closed its send half). */
  finSent: boolean;
  /** The peer reset the connection, or received an RST: it takes nothing more. */
  reset: boolean;
  /** Where this machine's FIN sits in its stream, once it arrived (it counts when every byte before it has). */
  finSeq: number | null;
  /** The peer closes as soon as this machine's FIN arrives, with one FIN+ACK segment (no separate ACK). */
  finOnFin?: boolean;
  /** The end of the peer's send stream so far: [sndNxt, sndEnd) waits for this machine's window. */
  sndEnd: number;
  /** The most the peer has sent (sndNxt goes back below it only when a misbehaving send's bytes were dropped). */
  sndMax: number;
  /**
   * Where each send not yet acknowledged ends, with its PSH and URG (so a send goes out as its own
   * segments, the first time and when it is sent again); a send leaves once SND.UNA passes its end.
   */
  sends: Array<{ end: number; push: boolean; urgent: boolean }>;
  /** SND.UNA: the highest ACK of this machine's that reached the peer (one past the data once its FIN is acknowledged). */
  sndUna: number;
  /** The highest ACK this machine sent (arrived or still on the wire): what it says it received of the peer's stream. */
  thisMachineAcked: number;
  /** The retransmit timer's state, once it ran (only on a wire that can lose). */
  retransmit?: PeerRetransmit;
  /** The persist timer's state, once this machine's window shut with data waiting (only on a wire that can lose). */
  persist?: PeerPersist;
  /** The right edge of this machine's receive window, as its segments advertised it. */
  sndEdge: number;
  /** The window the peer offers (its receive buffer is read at once, so it stays this much past rcvNxt). */
  rcvWnd: number;
  /** A FIN asked for while data still waits for the window: it follows the data. */
  finPending: boolean;
  /** Bytes a misbehaving send put past the window, [from, to), until this machine's ACKs show them taken; null: none. */
  overWindow: [number, number] | null;
  /**
   * Bytes of this machine's the peer dropped past its window other than a zero-window probe's: data in
   * flight when the peer shrank its window (RFC 1122 §4.2.2.16). Only a retransmission brings them back.
   */
  droppedBytes: number;
  /**
   * The right edge of the receive window this machine has advertised in any segment it sent, arrived or
   * still on the wire (the host's and the target's segments may cross on the way: sndEdge is what arrived).
   */
  advertisedEdge: number;
  /** Bytes this machine acknowledged past the right edge it had advertised (a receiver that ignores its own window). */
  ackedPastWindow: number;
}

/** The peer's state: what it knows of each connection, by fourTupleText. */
export interface RemotePeerState {
  readonly connections: Record<string, PeerConnection>;
  /** The window this machine offered in the handshake (not modelled): its receive buffer. */
  readonly initialWindow: number;
  /** The peer retransmits (a wire that can lose): its retransmit timer's numbers; absent for the ideal peer. */
  readonly retransmit?: PeerRetransmitParameters;
}

/** One handler call: the peer's state, and its port on the wire. */
export interface RemotePeerContext {
  readonly s: RemotePeerState;
  readonly transmit: (s: Segment) => void;
  /** Sets and cancels the peer's retransmit and persist timers (absent: the peer runs no timer). */
  readonly timers?: PeerTimers;
}

export type RemotePeerEvent =
  | { type: 'Segment'; segment: Segment }
  /** The peer sends `bytes` bytes of data in one segment (PSH set when `push`, URG when `urgent`). */
  | { type: 'SendData'; connection: FourTuple; bytes: number; push: boolean; urgent: boolean; ignoreWindow?: boolean }
  /** The peer's receive window changes (its application stopped or started reading): a window update. */
  | { type: 'SetWindow'; connection: FourTuple; window: number }
  /**
   * The peer closes its send half: a FIN. With `onFin`, not now: once this machine's FIN arrives, its
   * ACK and the peer's FIN go in one segment (FIN+ACK), as a server closing on end-of-stream does.
   */
  | { type: 'SendFin'; connection: FourTuple; onFin?: boolean }
  /** The peer resets the connection: an RST, acceptable (seq = the receiver's RCV.NXT) unless `outOfWindow`. */
  | { type: 'SendRst'; connection: FourTuple; outOfWindow: boolean }
  /** The peer's retransmit timer of the connection expired (peerRetransmit). */
  | { type: 'RetransmitTimer'; connection: FourTuple }
  /** The peer's persist timer of the connection expired (peerPersist). */
  | { type: 'PersistTimer'; connection: FourTuple };

export function peerConnection(c: { readonly s: RemotePeerState }, key: string): PeerConnection {
  return (c.s.connections[key] ??= {
    rcvNxt: 0, outOfOrder: [], duplicateBytes: 0, sndNxt: 0, finSent: false, reset: false, finSeq: null,
    sndEnd: 0, sndMax: 0, sends: [], sndUna: 0, thisMachineAcked: 0, sndEdge: c.s.initialWindow, rcvWnd: DEFAULT_PEER_WINDOW, finPending: false, overWindow: null, droppedBytes: 0,
    advertisedEdge: c.s.initialWindow, ackedPastWindow: 0,
  });
}

/**
 * This machine (the host or the target) puts a segment on the wire: its ACK must not go past the right
 * edge it advertised before (the peer's FIN aside: a sequence number, not buffer space). Judged as it is
 * sent, not as it arrives, because the host's and the target's segments may pass each other on the wire.
 */
export function thisMachineSent(c: { readonly s: RemotePeerState }, s: Segment): void {
  if (s.ack === null) return;
  const p = peerConnection(c, fourTupleText(s.connection));
  p.thisMachineAcked = Math.max(p.thisMachineAcked, s.ack);
  const edge = p.advertisedEdge + (p.finSent && p.sndNxt >= p.advertisedEdge ? 1 : 0);
  if (s.ack > edge) p.ackedPastWindow = Math.max(p.ackedPastWindow, s.ack - edge);
  if (s.wnd !== undefined) p.advertisedEdge = Math.max(p.advertisedEdge, s.ack + s.wnd);
}

/** The peer's cumulative ACK: every byte received in order, plus one for this machine's FIN once every byte before it came. */
function ackOf(p: PeerConnection): number {
  return p.rcvNxt + (p.finSeq !== null && p.rcvNxt >= p.finSeq ? 1 : 0);
}

/** The sequence number of the peer's next segment: after its data, and after its FIN once sent (a FIN takes one). */
function seqOf(p: PeerConnection): number {
  return p.sndNxt + (p.finSent ? 1 : 0);
}

/** Bytes of [from, to) the peer did not first take from a zero-window probe (0 for an empty range). */
function notProbed(p: PeerConnection, from: number, to: number): number {
  if (to <= from) return 0;
  let n = to - from;
  for (const at of p.probed ?? []) if (at >= from && at < to) n--;
  return n;
}

/**
 * Accepts [seq, seq+len) into the stream, as far as its window reaches; bytes it already had count as
 * duplicates — but not a zero-window probe's byte (RFC 1122 §4.2.2.17; Segment.probe): a probe that
 * crossed the window update, or was taken for refused by an ACK made before it arrived, is sent again
 * rightly (alone or with the data after it), and TCP drops the copy.
 */
function accept(p: PeerConnection, seq: number, len: number, probe: boolean): void {
  let start = seq;
  const end = Math.min(seq + len, p.rcvNxt + p.rcvWnd); // past the window: dropped (RFC 793 p.69)
  if (end < seq + len && !(probe && p.rcvWnd === 0)) p.droppedBytes += seq + len - Math.max(end, seq, p.rcvNxt);
  if (start < p.rcvNxt) {
    if (!probe) p.duplicateBytes += notProbed(p, start, Math.min(end, p.rcvNxt));
    start = p.rcvNxt;
  }
  if (start >= end) return;
  if (!probe) for (const [s, e] of p.outOfOrder) p.duplicateBytes += notProbed(p, Math.max(s, start), Math.min(e, end));
  if (probe) (p.probed ??= []).push(start);
  p.outOfOrder.push([start, end]);
  p.outOfOrder.sort((a, b) => a[0] - b[0]);
  const rest: Array<[number, number]> = [];
  for (const [s, e] of p.outOfOrder) {
    if (s <= p.rcvNxt) p.rcvNxt = Math.max(p.rcvNxt, e);
    else rest.push([s, e]);
  }
  p.outOfOrder = rest;
}

type Handlers = { [K in RemotePeerEvent['type']]: (c: RemotePeerContext, event: Extract<RemotePeerEvent, { type: K }>) => void };

/** The peer's handlers: a segment from the wire, or what the scenario tells it to send. */
const PEER_HANDLERS: Handlers = {
  /** A segment from this machine: take its data, acknowledge everything received in order. */
  Segment: (c, event) => {
    const s = event.segment;
    const p = peerConnection(c, fourTupleText(s.connection));
    if (p.reset) return; // after a reset the peer takes nothing
    if (s.rst) {
      p.reset = true;
      stopPeerRetransmit(c.timers, p, s.connection);
      stopPeerPersist(c.timers, p, s.connection);
      return;
    }
    if (s.len > 0) accept(p, s.seq, s.len, s.probe === true);
    if (s.fin && s.seq <= p.rcvNxt + p.rcvWnd) p.finSeq = s.seq;
    windowFromAck(p, s);
    if (s.ack !== null && peerAcked(c.s.retransmit, c.timers, p, s.connection, s.ack)) forgetAcked(p);
    peerProbeAcked(p);
    if (s.len === 0 && !s.fin && s.seq === p.rcvNxt - 1) {
      // A keepalive probe (SND.NXT − 1, RFC 1122 §4.2.3.6): outside the window, so it is answered with an ACK.
      c.transmit({ connection: fourTupleOf(s.connection), seq: seqOf(p), len: 0, ack: ackOf(p) });
      return;
    }
    if (s.len === 0 && !s.fin) {
      sendUnsent(c, p, s.connection); // a pure ACK (or window update) may open the window
      return;
    }
    if (s.fin && p.finOnFin && !p.finSent && ackOf(p) > (p.finSeq ?? 0)) {
      // The peer was waiting for this machine's FIN to close: its ACK rides on its own FIN.
      p.finOnFin = false;
      sendFin(c, p, s.connection);
      return;
    }
    // Cumulative ACK; a FIN takes one sequence number after the last data byte.
    c.transmit({ connection: fourTupleOf(s.connection), seq: seqOf(p), len: 0, ack: ackOf(p), wnd: p.rcvWnd });
    sendUnsent(c, p, s.connection);
  },
  SendData: (c, event) => {
    const p = peerConnection(c, fourTupleText(event.connection));
    if (p.reset || p.finSent || p.finPending) return; // nothing after a FIN or a reset
    p.sndEnd += event.bytes;
    p.sends.push({ end: p.sndEnd, push: event.push, urgent: event.urgent });
    if (event.ignoreWindow && p.sndEnd > p.sndEdge) {
      // Misbehaving: everything goes at once; what is past the window is the receiver's to drop.
      const from = Math.max(p.sndEdge, p.sndNxt);
      p.overWindow = [Math.min(from, p.overWindow?.[0] ?? from), p.sndEnd];
      sendUnsent(c, p, event.connection, p.sndEnd);
      return;
    }
    sendUnsent(c, p, event.connection);
  },
  SetWindow: (c, event) => {
    const p = peerConnection(c, fourTupleText(event.connection));
    if (p.reset || p.rcvWnd === event.window) return;
    p.rcvWnd = event.window;
    c.transmit({ connection: fourTupleOf(event.connection), seq: seqOf(p), len: 0, ack: ackOf(p), wnd: p.rcvWnd });
  },
  SendFin: (c, event) => {
    const p = peerConnection(c, fourTupleText(event.connection));
    if (p.finSent || p.finPending) return;
    if (p.sndNxt < p.sndEnd && !event.onFin) {
      p.finPending = true; // data waits for the window: the FIN follows it
      return;
    }
    if (event.onFin && !(p.finSeq !== null && ackOf(p) > p.finSeq)) {
      p.finOnFin = true; // this machine's FIN has not arrived yet: the peer closes when it does
      return;
    }
    sendFin(c, p, event.connection);
  },
  SendRst: (c, event) => {
    const p = peerConnection(c, fourTupleText(event.connection));
    if (!event.outOfWindow) {
      p.reset = true;
      stopPeerRetransmit(c.timers, p, event.connection);
      stopPeerPersist(c.timers, p, event.connection);
    }
    c.transmit({ connection: fourTupleOf(event.connection), seq: seqOf(p) + (event.outOfWindow ? 65_536 * 16 : 0), len: 0, ack: null, rst: true });
  },
  /** The retransmit timer expired: everything from SND.UNA again (go-back-N), and the timer runs again, backed off. */
  RetransmitTimer: (c, event) => {
    const p = c.s.connections[fourTupleText(event.connection)];
    if (!p || peerRetransmitExpired(c.s.retransmit, c.timers, p, event.connection) !== 'resend') return;
    resendOutstanding(c, p, event.connection);
    armPeerRetransmit(c.s.retransmit, c.timers, p, event.connection);
  },
  /** The persist timer expired: one byte past the shut window (a probe), and the timer again, backed off. */
  PersistTimer: (c, event) => {
    const p = c.s.connections[fourTupleText(event.connection)];
    const next = p ? peerPersistExpired(p, c.timers, event.connection) : 'nothing';
    if (!p || next === 'nothing') return;
    // The probe: the byte at SND.NXT, which stays (the byte goes again with the rest, unless its ACK shows it taken).
    if (next === 'probe') p.sndMax = Math.max(p.sndMax, transmitSends(c, p, event.connection, p.sndNxt, p.sndNxt + 1));
    sendUnsent(c, p, event.connection);
  },
};

/** The peer's FIN: at the end of its data, acknowledging everything it received (this machine's FIN too, once it came). */
function sendFin(c: RemotePeerContext, p: PeerConnection, connection: FourTuple): void {
  p.finSent = true;
  p.finPending = false;
  c.transmit({ connection: fourTupleOf(connection), seq: p.sndNxt, len: 0, ack: ackOf(p), wnd: p.rcvWnd, fin: true });
  armPeerRetransmit(c.s.retransmit, c.timers, p, connection);
}

/**
 * This machine's segment with an ACK: the right edge of its window (it never moves back: the larger
 * edge counts), and — after a misbehaving send — an ACK short of what the peer sent, whose own window
 * does not reach it either, says the rest was dropped: the peer sends it again from there. (An ACK
 * whose window does reach what was sent is only behind the peer's segments in flight: pulling back on
 * it, or on a copy of an ACK that already pulled back, would send the same bytes again and again.)
 */
function windowFromAck(p: PeerConnection, s: Segment): void {
  if (s.ack === null) return;
  if (s.wnd !== undefined) p.sndEdge = Math.max(p.sndEdge, s.ack + s.wnd);
  const over = p.overWindow;
  if (!over) return;
  if (s.ack >= over[1]) {
    p.overWindow = null; // all of it was taken in the end
    return;
  }
  if (s.ack >= over[0] && s.ack < p.sndNxt && p.sndNxt > s.ack + (s.wnd ?? 0)) {
    over[0] = s.ack;
    p.sndNxt = s.ack; // dropped: sent again as the window lets it
  }
}

/**
 * Sends what waits, each send as its own segment, up to this machine's right edge (`limit`: further, for
 * a misbehaving send); then a FIN that waited for the data. Behind a zero window the persist timer runs;
 * an open one stops it.
 */
function sendUnsent(c: RemotePeerContext, p: PeerConnection, connection: FourTuple, limit = p.sndEdge): void {
  if (p.reset) return;
  const end = transmitSends(c, p, connection, p.sndNxt, limit);
  if (end > p.sndNxt) {
    p.sndNxt = end;
    p.sndMax = Math.max(p.sndMax, end);
    armPeerRetransmit(c.s.retransmit, c.timers, p, connection);
  }
  if (p.finPending && p.sndNxt >= p.sndEnd) sendFin(c, p, connection);
  settlePeerPersist(c.s.retransmit, c.timers, p, connection);
}

/**
 * Puts the sends' bytes [from, limit) on the wire, each send as its own segments (PSH on the one that
 * ends a send, URG on every one of an urgent send); stops at `limit` or at the end of the sends.
 * Returns where it stopped.
 */
function transmitSends(c: RemotePeerContext, p: PeerConnection, connection: FourTuple, from: number, limit: number): number {
  let at = from;
  for (const u of p.sends) {
    if (u.end <= at) continue;
    const end = Math.min(u.end, limit);
    if (end <= at) break;
    const full = end === u.end;
    c.transmit({
      connection: fourTupleOf(connection), seq: at, len: end - at, ack: ackOf(p), wnd: p.rcvWnd,
      ...(u.push && full ? { psh: true } : {}), ...(u.urgent ? { urg: true } : {}),
    });
    at = end;
    if (!full) break;
  }
  return at;
}

/**
 * Go-back-N: the bytes sent from SND.UNA again, as far as this machine's right edge lets them (not past
 * what was sent), then the FIN if it was sent and not acknowledged and every byte before it went again.
 */
function resendOutstanding(c: RemotePeerContext, p: PeerConnection, connection: FourTuple): void {
  if (p.reset || !outstanding(p)) return;
  const upTo = Math.min(p.sndNxt, Math.max(p.sndEdge, p.sndUna));
  const end = p.sndUna < upTo ? transmitSends(c, p, connection, p.sndUna, upTo) : Math.max(p.sndUna, upTo);
  if (p.finSent && p.sndUna <= p.sndMax && end >= p.sndMax) {
    c.transmit({ connection: fourTupleOf(connection), seq: p.sndMax, len: 0, ack: ackOf(p), wnd: p.rcvWnd, fin: true });
  }
}

/** SND.UNA moved: the sends it passed are acknowledged, and no longer kept for retransmission. */
function forgetAcked(p: PeerConnection): void {
  while (p.sends.length > 0 && p.sends[0]!.end <= p.sndUna) p.sends.shift();
}

/** The peer's state as it starts; `initialWindow`: the window this machine offered in the handshake; `retransmit`: on a wire that can lose. */
export function createRemotePeerState(initialWindow = DEFAULT_PEER_WINDOW, retransmit?: PeerRetransmitParameters): RemotePeerState {
  return { connections: {}, initialWindow, ...(retransmit ? { retransmit } : {}) };
}

/** The peer's handler for events of type `K`, typed for those events. */
function handlerFor<K extends RemotePeerEvent['type']>(type: K): (c: RemotePeerContext, event: Extract<RemotePeerEvent, { type: K }>) => void {
  return PEER_HANDLERS[type];
}

/** Calls the peer's handler for an event. */
export function remotePeerReceive(c: RemotePeerContext, event: RemotePeerEvent): void {
  handlerFor(event.type)(c, event);
}

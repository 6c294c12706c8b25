/**
 * The remote peer: the machine at the other end of every connection, as a handler table over plain data. It
 * receives this machine's segments, reassembles each stream in order (counting any byte that arrives
 * twice), and acknowledges at once with a cumulative ACK. It can close its send half (FIN) or reset
 * the connection (RST, acceptable or out of window), and sends data of its own (with PSH, or without).
 * A FIN takes one sequence number, in both directions (RFC 793): the peer's ACK of this machine's FIN is
 * one past it, and after its own FIN the peer's segments carry the sequence number after the FIN.
 * `sndNxt` counts the peer's data bytes only (the ledger's "bytes sent"); the FIN is `finSent`.
 */
import { fourTupleOf, fourTupleText, type FourTuple } from '../../wire/FourTuple.js';
import type { Segment } from '../../wire/Segment.js';

/** What the peer knows of one connection. */
export interface PeerConnection {
  /** Next byte of this machine's stream the peer expects: everything before it was received, in order. */
  rcvNxt: number;
  /** Out-of-order ranges received beyond rcvNxt, [start, end). */
  outOfOrder: Array<[number, number]>;
  /** Bytes that arrived again after the peer already had them (this model loses nothing, so a resend is a bug). */
  duplicateBytes: number;
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
}

/** The peer's state: what it knows of each connection, by fourTupleText. */
export interface RemotePeerState {
  readonly connections: Record<string, PeerConnection>;
}

/** One handler call: the peer's state, and its port on the wire. */
export interface RemotePeerContext {
  readonly s: RemotePeerState;
  readonly transmit: (s: Segment) => void;
}

export type RemotePeerEvent =
  | { type: 'Segment'; segment: Segment }
  /** The peer sends `bytes` bytes of data in one segment (PSH set when `push`, URG when `urgent`). */
  | { type: 'SendData'; connection: FourTuple; bytes: number; push: boolean; urgent: boolean }
  /**
   * The peer closes its send half: a FIN. With `onFin`, not now: once this machine's FIN arrives, its
   * ACK and the peer's FIN go in one segment (FIN+ACK), as a server closing on end-of-stream does.
   */
  | { type: 'SendFin'; connection: FourTuple; onFin?: boolean }
  /** The peer resets the connection: an RST, acceptable (seq = the receiver's RCV.NXT) unless `outOfWindow`. */
  | { type: 'SendRst'; connection: FourTuple; outOfWindow: boolean };

export function peerConnection(c: RemotePeerContext, key: string): PeerConnection {
  return (c.s.connections[key] ??= { rcvNxt: 0, outOfOrder: [], duplicateBytes: 0, sndNxt: 0, finSent: false, reset: false, finSeq: null });
}

/** The peer's cumulative ACK: every byte received in order, plus one for this machine's FIN once every byte before it came. */
function ackOf(p: PeerConnection): number {
  return p.rcvNxt + (p.finSeq !== null && p.rcvNxt >= p.finSeq ? 1 : 0);
}

/** The sequence number of the peer's next segment: after its data, and after its FIN once sent (a FIN takes one). */
function seqOf(p: PeerConnection): number {
  return p.sndNxt + (p.finSent ? 1 : 0);
}

/** Accepts [seq, seq+len) into the stream; bytes it already had count as duplicates. */
function accept(p: PeerConnection, seq: number, len: number): void {
  let start = seq;
  const end = seq + len;
  if (start < p.rcvNxt) {
    p.duplicateBytes += Math.min(end, p.rcvNxt) - start;
    start = p.rcvNxt;
  }
  if (start >= end) return;
  for (const [s, e] of p.outOfOrder) p.duplicateBytes += Math.max(0, Math.min(e, end) - Math.max(s, start));
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
      return;
    }
    if (s.len > 0) accept(p, s.seq, s.len);
    if (s.fin) p.finSeq = s.seq;
    if (s.len === 0 && !s.fin && s.seq === p.rcvNxt - 1) {
      // A keepalive probe (SND.NXT − 1, RFC 1122 §4.2.3.6): outside the window, so it is answered with an ACK.
      c.transmit({ connection: fourTupleOf(s.connection), seq: seqOf(p), len: 0, ack: ackOf(p) });
      return;
    }
    if (s.len === 0 && !s.fin) return; // a pure ACK of the peer's own (empty) stream needs nothing
    if (s.fin && p.finOnFin && !p.finSent && ackOf(p) > (p.finSeq ?? 0)) {
      // The peer was waiting for this machine's FIN to close: its ACK rides on its own FIN.
      p.finOnFin = false;
      sendFin(c, p, s.connection);
      return;
    }
    // Cumulative ACK; a FIN takes one sequence number after the last data byte.
    c.transmit({ connection: fourTupleOf(s.connection), seq: seqOf(p), len: 0, ack: ackOf(p) });
  },
  SendData: (c, event) => {
    const p = peerConnection(c, fourTupleText(event.connection));
    if (p.reset || p.finSent) return; // nothing after a FIN or a reset
    c.transmit({ connection: fourTupleOf(event.connection), seq: p.sndNxt, len: event.bytes, ack: ackOf(p), ...(event.push ? { psh: true } : {}), ...(event.urgent ? { urg: true } : {}) });
    p.sndNxt += event.bytes;
  },
  SendFin: (c, event) => {
    const p = peerConnection(c, fourTupleText(event.connection));
    if (p.finSent) return;
    if (event.onFin && !(p.finSeq !== null && ackOf(p) > p.finSeq)) {
      p.finOnFin = true; // this machine's FIN has not arrived yet: the peer closes when it does
      return;
    }
    sendFin(c, p, event.connection);
  },
  SendRst: (c, event) => {
    const p = peerConnection(c, fourTupleText(event.connection));
    if (!event.outOfWindow) p.reset = true;
    c.transmit({ connection: fourTupleOf(event.connection), seq: seqOf(p) + (event.outOfWindow ? 65_536 * 16 : 0), len: 0, ack: null, rst: true });
  },
};

/** The peer's FIN: at the end of its data, acknowledging everything it received (this machine's FIN too, once it came). */
function sendFin(c: RemotePeerContext, p: PeerConnection, connection: FourTuple): void {
  p.finSent = true;
  c.transmit({ connection: fourTupleOf(connection), seq: p.sndNxt, len: 0, ack: ackOf(p), fin: true });
}

/** The peer's state as it starts. */
export function createRemotePeerState(): RemotePeerState {
  return { connections: {} };
}

/** The peer's handler for events of type `K`, typed for those events. */
function handlerFor<K extends RemotePeerEvent['type']>(type: K): (c: RemotePeerContext, event: Extract<RemotePeerEvent, { type: K }>) => void {
  return PEER_HANDLERS[type];
}

/** Calls the peer's handler for an event. */
export function remotePeerReceive(c: RemotePeerContext, event: RemotePeerEvent): void {
  handlerFor(event.type)(c, event);
}

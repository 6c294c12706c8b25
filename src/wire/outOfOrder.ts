/**
 * Segments that arrived ahead of RCV.NXT (the bytes before them took another path: the normal
 * receive path during an offload, or a forward), kept in sequence order until RCV.NXT reaches them.
 * The wire loses nothing and the peer never retransmits, so a receiver keeps them instead of
 * dropping them.
 */
import type { Segment } from './Segment.js';

/** Adds a segment to a queue kept in sequence order. */
export function queueOutOfOrder(queue: Segment[], s: Segment): void {
  let i = queue.length;
  while (i > 0 && (queue[i - 1]?.seq ?? 0) > s.seq) i--;
  queue.splice(i, 0, s);
}

/**
 * Takes the next queued segment if it starts at `rcvNxt` — or before it and runs past it (a misbehaving
 * peer sends bytes again): then only its new part (RFC 793 p.69); copies of bytes already taken are dropped.
 */
export function nextInOrder(queue: Segment[], rcvNxt: number): Segment | undefined {
  while (queue[0] && queue[0].seq < rcvNxt && queue[0].seq + queue[0].len <= rcvNxt && !(queue[0].fin && queue[0].seq + queue[0].len === rcvNxt)) queue.shift();
  const s = queue[0];
  if (!s || s.seq > rcvNxt) return undefined;
  queue.shift();
  return s.seq === rcvNxt ? s : newPart(s, rcvNxt);
}

/** The part of a segment from `rcvNxt` on (it starts before it and runs past it, or is a FIN there). */
export function newPart(s: Segment, rcvNxt: number): Segment {
  const skip = rcvNxt - s.seq;
  return { ...s, seq: rcvNxt, len: s.len - skip };
}

/**
 * Segments that arrived ahead of RCV.NXT (the bytes before them took another path: the normal
 * receive path during an offload, or a forward, or were lost on the wire and are yet to be sent
 * again), kept in sequence order until RCV.NXT reaches them. A copy of one already kept (the wire
 * duplicated it) is not kept twice, and one that RCV.NXT has passed meanwhile is dropped or trimmed.
 */
import type { Segment } from './Segment.js';

/** Adds a segment to a queue kept in sequence order (unless a segment kept already covers it). */
export function queueOutOfOrder(queue: Segment[], s: Segment): void {
  const end = s.seq + s.len;
  if (queue.some((q) => q.seq <= s.seq && q.seq + q.len >= end && (q.fin || !s.fin) && (q.urg || !s.urg))) return;
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

/**
 * A segment from the peer against RCV.NXT: as it is, trimmed to start at RCV.NXT when it begins before
 * it (a retransmission or a duplicate overlapping what was taken), or null when every byte and the FIN
 * in it were taken already (RFC 793: such a segment is answered with an ACK).
 */
export function trimToRcvNxt(s: Segment, rcvNxt: number): Segment | null {
  if (s.seq >= rcvNxt) return s;
  const end = s.seq + s.len;
  // A FIN at `end` takes sequence number `end`: taken when RCV.NXT is past it.
  if (end > rcvNxt || (s.fin === true && end === rcvNxt)) return { ...s, seq: rcvNxt, len: end - rcvNxt };
  return null;
}

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
 * Takes the next queued segment if it starts at `rcvNxt` (or before it and reaches past it: trimmed to
 * start there); segments wholly before `rcvNxt` are copies of bytes already taken, and are dropped.
 */
export function nextInOrder(queue: Segment[], rcvNxt: number): Segment | undefined {
  while (queue.length > 0) {
    const s = queue[0]!;
    if (s.seq >= rcvNxt) return s.seq === rcvNxt ? queue.shift() : undefined;
    queue.shift();
    const end = s.seq + s.len;
    if (end > rcvNxt) return { ...s, seq: rcvNxt, len: end - rcvNxt };
  }
  return undefined;
}

/**
 * A segment from the peer against RCV.NXT: as it is, trimmed to start at RCV.NXT when it begins before
 * it (a retransmission or a duplicate overlapping what was taken), or null when every byte and the FIN
 * in it were taken already (RFC 793: such a segment is answered with an ACK).
 */
export function trimToRcvNxt(s: Segment, rcvNxt: number): Segment | null {
  if (s.seq >= rcvNxt) return s;
  const end = s.seq + s.len;
  if (end > rcvNxt) return { ...s, seq: rcvNxt, len: end - rcvNxt };
  // A FIN at `end` takes sequence number `end`: taken when RCV.NXT is past it.
  return null;
}

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

/** Takes the next queued segment if it starts at `rcvNxt`. */
export function nextInOrder(queue: Segment[], rcvNxt: number): Segment | undefined {
  return queue[0]?.seq === rcvNxt ? queue.shift() : undefined;
}

/**
 * The inverse of `segmentText`: `seq 100 len 50 ack 20 win 900 PSH FIN` back into the segment's fields (all but
 * the connection, which the text does not hold). Readers of the trace (the pcapng capture) use it to get
 * the segment a `segment` event recorded.
 */
import type { Segment } from './Segment.js';

/** A segment's fields without its connection. */
export type SegmentFields = Omit<Segment, 'connection'>;

const FLAGS = { PSH: 'psh', URG: 'urg', FIN: 'fin', RST: 'rst' } as const;

/**
 * The fields `text` was made from by `segmentText`.
 * @throws RangeError naming the text and what was expected when it is not such a text.
 */
export function parseSegmentText(text: string): SegmentFields {
  // seq -1: a keepalive probe before any data (SND.NXT − 1 is the ISN, sequence number 0 on the wire).
  const m = /^seq (-1|\d+) len (\d+)(?: ack (\d+))?(?: win (\d+))?((?: (?:PSH|URG|FIN|RST))*)$/.exec(text);
  if (!m) throw new RangeError(`not a segment text: ${JSON.stringify(text)} (expected 'seq N len N [ack N] [win N] [PSH] [URG] [FIN] [RST]')`);
  const fields: SegmentFields = { seq: Number(m[1]), len: Number(m[2]), ack: m[3] === undefined ? null : Number(m[3]) };
  if (m[4] !== undefined) fields.wnd = Number(m[4]);
  for (const flag of (m[5] ?? '').split(' ').filter(Boolean)) fields[FLAGS[flag as keyof typeof FLAGS]] = true;
  return fields;
}

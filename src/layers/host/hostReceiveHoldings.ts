/** The receive data the host holds for a connection, for the nothing-lost ledger (system/ledger). */
import { nblFilled } from '../../ndis/NET_BUFFER_LIST.js';
import type { TcbStream } from './tcp/TcbStream.js';

/**
 * Receive data held by the host: unread bytes, the filled part of its own buffers, and — with
 * `segments` — held segments' data (segments held while an offload is in flight, or ahead of RCV.NXT).
 */
export function hostReceiveHoldings(s: TcbStream, segments = true): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const e of s.socketBuffer) if (e.to > e.from) out.push([e.from, e.to]);
  for (const n of s.hostPosted) {
    const filled = nblFilled(n);
    if (filled) out.push(filled);
  }
  if (segments) out.push(...hostHeldSegments(s));
  out.push(...s.appWaiting);
  return out;
}

/** The data of the segments the host holds, not yet taken into its stream: held while an offload is in flight, or ahead of RCV.NXT. */
export function hostHeldSegments(s: TcbStream): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const g of [...s.heldSegments, ...s.outOfOrder]) if (g.len > 0) out.push([g.seq, g.seq + g.len]);
  return out;
}

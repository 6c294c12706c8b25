/**
 * A TCP segment on the wire between this machine and the remote peer, with bytes counted, not
 * carried: `seq` is the stream offset of its first data byte, `ack` the next byte the sender expects.
 * The connection is named from this machine's side (local = this host).
 */
import type { FourTuple } from './FourTuple.js';

export interface Segment {
  connection: FourTuple;
  /** Stream offset of the first data byte (in the sender's stream). */
  seq: number;
  /** Data bytes carried. */
  len: number;
  /** Cumulative acknowledgment (the receiver's next expected byte of the other stream), or null. */
  ack: number | null;
  fin?: boolean;
  rst?: boolean;
  /** PSH: deliver what has arrived (a push-mode receive completes partly filled). */
  psh?: boolean;
  /** URG: the data is urgent (an offload target hands the connection back to the host, reference §6.12). */
  urg?: boolean;
  /**
   * The window the sender advertises (RFC 793 SEG.WND): how many bytes after `ack` it can take now. Every
   * segment that carries an ACK carries one; absent on a segment without an ACK (an RST).
   */
  wnd?: number;
  /**
   * A zero-window probe (RFC 1122 §4.2.2.17): a model annotation, not a TCP field, set by this machine's
   * persist timer (a driver's own persist timer may set it too). The peer takes the probe's byte like any
   * other, but a probe it refuses is not data dropped, and its byte may rightly come twice.
   */
  probe?: true;
}

/** `seq 100 len 50 ack 20 win 65535 FIN` */
export function segmentText(s: Segment): string {
  const parts = [`seq ${s.seq}`, `len ${s.len}`];
  if (s.ack !== null) parts.push(`ack ${s.ack}`);
  if (s.wnd !== undefined) parts.push(`win ${s.wnd}`);
  if (s.psh) parts.push('PSH');
  if (s.urg) parts.push('URG');
  if (s.fin) parts.push('FIN');
  if (s.rst) parts.push('RST');
  return parts.join(' ');
}

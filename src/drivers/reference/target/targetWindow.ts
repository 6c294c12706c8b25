/**
 * The receive window of an offloaded connection (RFC 793 §3.7, RFC 1122 §4.2.3.3; reference §3.3
 * TCP_OFFLOAD_STATE_CACHED.InitialRcvWnd, DELEGATED.RcvWnd): the target's receive buffer is the
 * connection's InitialRcvWnd (the host's SO_RCVBUF); the window it advertises is that buffer minus the
 * bytes it holds unread — received and not yet given to the host ([delivered, RcvNxt)), and those in
 * receive indications the host took and has not returned yet. Bytes that went into the application's
 * posted buffers are read. The right edge (RcvNxt + RcvWnd, kept in the delegated RcvWnd, so that it
 * travels with the delegated state both ways) moves only by min(MSS, half the buffer) and never back;
 * when the host posts buffers or returns indicated data and the window can open by that much, the
 * target sends a window update.
 */
import { TCP_FLAG_UPDATE_RCV_WND } from '../../../ndis/flags.js';
import type { Segment } from '../../../wire/Segment.js';
import { nextRightEdge, windowUpdateDue } from '../../../wire/window.js';
import { receivedDataEnd } from './receiveOf.js';
import { connectionOf, type TargetCall } from './TargetCall.js';
import { delegatedOf, hasFlag, isTerminating, TargetFlags, type TargetObject } from './TargetState.js';

/** The connection's receive buffer: its InitialRcvWnd (65535 when the host gave none). */
function receiveBuffer(o: TargetObject): number {
  return o.cached?.InitialRcvWnd ?? 65_535;
}

/** Free space in the target's receive buffer: the buffer minus what it holds unread (buffered, or lent to the host). */
function receiveSpace(o: TargetObject): number {
  const r = o.receive;
  const unread = r ? receivedDataEnd(o) - r.delivered + r.lentBytes : 0;
  return receiveBuffer(o) - unread;
}

/** The right edge of the window last advertised (RcvNxt + RcvWnd). */
export function rightEdge(o: TargetObject): number {
  const d = delegatedOf(o);
  return d.RcvNxt + d.RcvWnd;
}

/** RcvNxt moved on: RcvWnd shrinks by as much, so that the right edge stays where it was advertised. */
export function keepRightEdge(o: TargetObject, edge: number): void {
  const d = delegatedOf(o);
  d.RcvWnd = Math.max(0, edge - d.RcvNxt);
}

/** The window to put in a segment the target sends now, moving the right edge on if it may. */
export function advertiseAtTarget(o: TargetObject): number {
  const d = delegatedOf(o);
  keepRightEdge(o, nextRightEdge(rightEdge(o), d.RcvNxt, receiveSpace(o), receiveBuffer(o)));
  return d.RcvWnd;
}

/**
 * RFC 793 p.69: the part of a peer's segment past the advertised right edge is dropped (a FIN with it);
 * null when nothing is left. The ACK the target sends back carries its current window.
 */
export function trimToRightEdge(c: TargetCall, o: TargetObject, s: Segment): Segment | null {
  const edge = rightEdge(o);
  const end = s.seq + s.len;
  if (end <= edge) return s;
  const keep = Math.max(0, edge - s.seq);
  c.ndis.DbgPrint(`drops bytes [${s.seq + keep}, ${end}): past the window it advertised (right edge ${edge})`, o.NdisOffloadHandle.label);
  if (keep === 0) return null;
  const { fin: _fin, ...rest } = s;
  return { ...rest, len: keep };
}

/** The host made room (posted buffers, returned indicated data): a window update if the window can open by a whole step. */
export function windowUpdateAtTarget(c: TargetCall, o: TargetObject): void {
  if (isTerminating(o) || hasFlag(o, TargetFlags.Aborted) || hasFlag(o, TargetFlags.UploadRequested) || (o.receive?.finAt ?? -1) >= 0) return;
  const d = delegatedOf(o);
  if (!windowUpdateDue(rightEdge(o), d.RcvNxt, receiveSpace(o), receiveBuffer(o))) return;
  const wnd = advertiseAtTarget(o);
  c.ndis.DbgPrint(`the host made room: window update (window ${wnd})`, o.NdisOffloadHandle.label);
  c.nic.transmit({ connection: connectionOf(c, o), seq: d.SndNxt, len: 0, ack: d.RcvNxt, wnd });
}

/** Reference §2.7: an update with TCP_FLAG_UPDATE_RCV_WND changed InitialRcvWnd: advertise the new window if it opens. */
export function initialRcvWndUpdated(c: TargetCall, o: TargetObject, Flags: number): void {
  if (Flags & TCP_FLAG_UPDATE_RCV_WND) windowUpdateAtTarget(c, o);
}

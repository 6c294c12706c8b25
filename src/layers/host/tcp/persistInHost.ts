/**
 * The host's own TCP's persist timer (RFC 1122 §4.2.2.17, reference §6.12 for the target's): when the
 * peer offers a zero window and the host has data it may not send, it keeps the data and sets the
 * persist timer; when it expires it sends a 1-byte probe past the window and sets the timer again, twice
 * as long each time (the host policy's persistTimer: 1 s doubling to 60 s). The probe's byte counts as
 * sent (SND.NXT moves past it, as BSD does); when the peer's ACK shows it was refused (the window still
 * zero), SND.NXT goes back to it, so it is sent again once the window opens.
 */
import type { Reserved } from '../../../ndis/NET_BUFFER_LIST.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { fourTupleOf } from '../../../wire/FourTuple.js';
import { persistDelayUs } from '../../../wire/window.js';
import type { HostContext } from '../HostContext.js';
import { advertiseInHost } from './receiveWindow.js';
import { sendSegment } from './sendSegment.js';
import type { Tcb } from './Tcb.js';
import { sendEnd, type TcbStream } from './TcbStream.js';

/** The persist timer's FunctionContext: the TCB it is about. */
interface PersistTimerContext {
  timer: 'persist';
  tcb: string;
}

/** Is a timer's FunctionContext the host's persist timer's? */
export function isPersistTimerContext(context: Reserved): context is Reserved & PersistTimerContext {
  return typeof context === 'object' && context !== null && !Array.isArray(context) && 'timer' in context && context.timer === 'persist' && 'tcb' in context;
}

/** In the host: data waits behind a zero window and nothing is in flight: the persist timer starts (once). */
export function startPersistInHost(c: HostContext, t: Tcb, s: TcbStream): void {
  const w = s.window;
  const unsent = w.probeAt >= 0 ? w.probeAt : s.sndNxt; // a probe's byte is not really sent yet
  if (w.persistTimer || w.sndWnd > 0 || unsent >= sendEnd(s) || unsent > w.sndUna) return;
  if (w.probes >= c.s.policy.persistTimer.maxProbes) {
    if (c.report.wanted) c.report.decision(`${t.label} stops probing after ${w.probes} probes: it waits for the peer's window update`, t.label);
    return;
  }
  w.persistTimer = true;
  const delay = persistDelayUs(c.s.policy.persistTimer, w.probes);
  if (c.report.wanted) c.report.decision(`the peer offers ${t.label} a zero window: it keeps its data and probes in ${delay / 1000} ms (persist timer)`, t.label);
  const context = { timer: 'persist', tcb: t.label } satisfies PersistTimerContext;
  c.ndis.NdisSetTimerObject(`persist timer of ${t.label}`, context, t.label, delay);
}

/** The persist timer expired: a 1-byte probe if the window is still closed (and the connection still in the host). */
export function persistExpiredInHost(c: HostContext, context: PersistTimerContext): void {
  const t = c.s.tcbs[context.tcb];
  const s = t?.stream;
  if (!t || !s) return;
  const w = s.window;
  w.persistTimer = false;
  // A probe not answered yet: on a wire that loses nothing its answer sets the timer again (one probe at
  // a time, so the peer never gets a byte twice); on one that can lose, the probe or its answer may be
  // gone, so the same byte goes again.
  if (w.probeAt >= 0 && !c.s.policy.tcpTimers?.retransmit) return;
  const at = w.probeAt >= 0 ? w.probeAt : s.sndNxt;
  if (t.offload !== S.TcpConnectionOffloadStateInHost || t.aborted || t.deleted || w.sndWnd > 0 || at >= sendEnd(s)) return;
  w.probeAt = at;
  w.probes++;
  if (c.report.wanted) c.report.decision(`persist timer expired: ${t.label} probes the peer's zero window with byte ${at} (probe ${w.probes})`, t.label);
  sendSegment(c, { connection: fourTupleOf(t), seq: at, len: 1, ack: s.rcvNxt, wnd: advertiseInHost(c, s), probe: true });
  s.sndNxt = Math.max(s.sndNxt, at + 1);
  startPersistInHost(c, t, s);
}

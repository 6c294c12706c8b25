/**
 * The windows travel with the delegated state (reference §3.3 TCP_OFFLOAD_STATE_DELEGATED: RcvWnd,
 * SndWnd, MaxSndWnd, SendWL1, SndWndProbeCount), both ways: on initiate the host hands down the
 * receive window it last advertised (so the target never moves the right edge back) and the peer's
 * window as it last saw it, with its probe round; on terminate it takes them back from the target.
 * A probe in flight is not a field of its own: one byte sent past a zero window in a probe round
 * (SndWnd 0, SndWndProbeCount > 0, SndNxt = SndUna + 1) is the probe, and the side taking over reads it so.
 */
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../ndis/stateStructures.js';
import type { HostContext } from '../HostContext.js';
import { advertiseInHost } from '../tcp/receiveWindow.js';
import { sendEdge } from '../tcp/sendWindow.js';
import type { Tcb } from '../tcp/Tcb.js';

/** Is the one byte past SndUna a zero-window probe, by the delegated variables? */
export function probeInFlight(d: Readonly<TCP_OFFLOAD_STATE_DELEGATED>): boolean {
  return d.SndWnd === 0 && d.SndWndProbeCount > 0 && d.SndNxt === d.SndUna + 1;
}

/** Initiate: the windows go down (after SndUna and RcvNxt were filled in). */
export function windowsForInitiate(c: HostContext, t: Tcb, Delegated: TCP_OFFLOAD_STATE_DELEGATED): void {
  const s = t.stream;
  if (!s) {
    Delegated.RcvWnd = c.s.policy.receiveWindow;
    return;
  }
  const w = s.window;
  // The right edge the peer was last told; nothing advertised yet: the window of the handshake.
  Delegated.RcvWnd = w.rcvEdge < 0 ? advertiseInHost(c, s) : Math.max(0, w.rcvEdge - s.rcvNxt);
  Delegated.SndWnd = Math.max(0, sendEdge(s) - Delegated.SndUna);
  Delegated.MaxSndWnd = w.maxSndWnd;
  Delegated.SendWL1 = w.sndWl1;
  Delegated.SndWndProbeCount = w.probes;
}

/** Terminate: the host's own TCP takes the windows back (after RcvNxt and SndNxt came back). */
export function takeBackWindows(t: Tcb, returned: Readonly<TCP_OFFLOAD_STATE_DELEGATED> | null): void {
  const s = t.stream;
  if (!s || !returned) return;
  const w = s.window;
  w.rcvEdge = returned.RcvNxt + returned.RcvWnd;
  w.sndUna = returned.SndUna;
  w.sndWnd = returned.SndWnd;
  w.sndWl1 = returned.SendWL1;
  w.maxSndWnd = returned.MaxSndWnd;
  w.probes = returned.SndWndProbeCount;
  w.probeAt = probeInFlight(returned) ? returned.SndUna : -1;
  w.persistTimer = false; // the target's timer stays with the target: the host sets its own
}

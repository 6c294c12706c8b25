/**
 * The windows of a connection the host's own TCP keeps (RFC 793 §3.2): the right edge of the receive
 * window it last advertised, what the peer's last acceptable ACK offered it (SND.UNA, SND.WND, SND.WL1),
 * and its zero-window probing (the persist timer, RFC 1122 §4.2.2.17). Part of a TcbStream.
 */
import { DEFAULT_PEER_WINDOW } from '../../../wire/window.js';

/** A connection's windows, as the host's own TCP keeps them. */
export interface TcbWindow {
  /** RCV.NXT + RCV.WND as last advertised: the receive window's right edge (-1: nothing advertised yet). */
  rcvEdge: number;
  /** SND.UNA: the peer's latest cumulative ACK. */
  sndUna: number;
  /** SND.WND: the window the peer offered with it. */
  sndWnd: number;
  /** SND.WL1: the sequence number of the peer's segment that set SND.WND (RFC 793: an older segment does not). */
  sndWl1: number;
  /** The largest window the peer offered (MaxSndWnd). */
  maxSndWnd: number;
  /** The 1-byte zero-window probe in flight: its sequence number; -1: none. */
  probeAt: number;
  /** Probes sent since the window closed (SndWndProbeCount): the persist timer's backoff. */
  probes: number;
  /** The persist timer is set. */
  persistTimer: boolean;
}

/** The windows of a connection before anything was said: the peer offers the default window. */
export function createTcbWindow(): TcbWindow {
  return { rcvEdge: -1, sndUna: 0, sndWnd: DEFAULT_PEER_WINDOW, sndWl1: 0, maxSndWnd: DEFAULT_PEER_WINDOW, probeAt: -1, probes: 0, persistTimer: false };
}

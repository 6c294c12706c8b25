/**
 * The windows (RFC 793 §3.7, RFC 1122 §4.2.2.17; reference §3.3 RcvWnd and SndWnd, which the target takes
 * over with the delegated state): an offloaded connection's target takes no byte past the receive window
 * it advertised — its ACK never goes past that right edge — and sends no byte past the peer's window but
 * a 1-byte probe of a zero window. Judged from the wire at the NIC (what NDIS calls cannot show).
 */
import { segmentText } from '../../wire/Segment.js';
import { defineRule } from '../Rule.js';
import { WindowLedger } from '../monitor/WindowLedger.js';
import { one } from './helpers.js';

/** target-acks-within-advertised-window */
export const targetAcksWithinAdvertisedWindow = defineRule({
  id: 'target-acks-within-advertised-window',
  crossing: 'segment',
  summary:
    "The target takes no byte past the receive window it advertised (RcvNxt + RcvWnd, from the initiate's delegated state on): what the peer sends beyond it is dropped, so the target's ACK never goes past that right edge (the peer's FIN aside, which takes a sequence number, not buffer space).",
  source: 'TCP_OFFLOAD_STATE_DELEGATED (RcvWnd); RFC 793 §3.7 and p.69',
  onCrossing: (c, m) => {
    if (c.from !== 'target' || c.segment.ack === null) return undefined;
    const v = m.window(c.connection);
    if (!v) return undefined;
    const fin = v.peerFinEnd >= 0 && c.segment.ack === v.peerFinEnd ? 1 : 0;
    if (c.segment.ack <= v.rcvEdge + fin) return undefined;
    return one(`the target sent ${segmentText(c.segment)}: it acknowledges bytes [${v.rcvEdge}, ${c.segment.ack - fin}) past the right edge ${v.rcvEdge} of the window it advertised`, [c.connection]);
  },
});

/** target-sends-within-peer-window */
export const targetSendsWithinPeerWindow = defineRule({
  id: 'target-sends-within-peer-window',
  crossing: 'segment',
  summary:
    "The target sends no byte past the peer's window, SND.UNA + SND.WND as RFC 793 keeps them over the peer's segments at the NIC and those the host forwards (the highest ACK, and the window of the latest segment that passes the window-update test), from the initiate's SndUna, SndWnd and SendWL1 on: data that does not fit waits; behind a zero window only a 1-byte probe goes out (the persist timer).",
  source: 'TCP_OFFLOAD_STATE_DELEGATED (SndWnd, SendWL1, SndWndProbeCount); RFC 793 §3.7 and p.72, RFC 1122 §4.2.2.17',
  onCrossing: (c, m) => {
    const s = c.segment;
    if (c.from !== 'target' || s.len === 0) return undefined;
    const v = m.window(c.connection);
    if (!v) return undefined;
    const end = s.seq + s.len;
    const edge = WindowLedger.peerEdge(v);
    const probe = v.peerWnd === 0 && s.len === 1 && s.seq >= edge;
    if (end <= edge || probe) return undefined;
    return one(`the target sent ${segmentText(s)}: bytes [${Math.max(s.seq, edge)}, ${end}) are past the right edge ${edge} of the peer's window`, [c.connection]);
  },
});

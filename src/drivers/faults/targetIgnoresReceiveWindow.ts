/**
 * Deliberate fault `target-ignores-receive-window`: a target that never checks a segment against the
 * receive window it advertised (RFC 793 p.69: bytes past the right edge are dropped, and the ACK tells
 * the peer the window). It takes everything a misbehaving peer sends, past its InitialRcvWnd, and
 * acknowledges it: its ACK goes past the right edge it advertised (the rule
 * target-acks-within-advertised-window). Overrides ReceiveSegment and nothing else.
 */
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import { findConnection } from '../reference/target/TargetCall.js';
import type { TargetState } from '../reference/target/TargetState.js';

export const targetIgnoresReceiveWindow: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-ignores-receive-window',
  ReceiveSegment: (s, args, ndis, nic) => {
    const d = findConnection(s, args.segment.connection)?.delegated;
    // The bug: the window is stretched to whatever arrives, so nothing is ever past it.
    if (d) d.RcvWnd = Math.max(d.RcvWnd, args.segment.seq + args.segment.len - d.RcvNxt);
    referenceOffloadTarget.ReceiveSegment(s, args, ndis, nic);
  },
};

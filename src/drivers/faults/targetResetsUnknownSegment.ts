/**
 * Deliberate fault `target-resets-unknown-segment`: a target that answers a segment for a connection it
 * does not hold with an RST, as an RFC 793 stack answers a segment for a closed port — but the NIC is
 * not the host's TCP: the connection may well be the host's (never offloaded, or uploaded), and the
 * target's only RST is the one that carries out the host's abortive disconnect (reference §6.9, §8 item
 * 15). The segment still goes up the normal receive path. Overrides ReceiveSegment and nothing else.
 */
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import { findConnection } from '../reference/target/TargetCall.js';
import type { TargetState } from '../reference/target/TargetState.js';

export const targetResetsUnknownSegment: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-resets-unknown-segment',
  ReceiveSegment: (s, args, ndis, nic) => {
    const { segment } = args;
    if (!segment.rst && !findConnection(s, segment.connection)) {
      // The bug: RFC 793's reset for a segment to a closed port, sent by the NIC.
      nic.transmit({ connection: segment.connection, seq: segment.ack ?? 0, len: 0, ack: null, rst: true });
    }
    referenceOffloadTarget.ReceiveSegment(s, args, ndis, nic);
  },
};

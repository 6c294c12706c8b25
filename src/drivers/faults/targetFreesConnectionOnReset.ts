/**
 * Deliberate fault `target-frees-connection-on-reset`: a target that frees a connection's context area as
 * soon as the peer resets it (an acceptable RST, TcpIndicateAbort), instead of keeping it until the host
 * terminates the offload (reference §6.9, §8 item 13). The host's terminate then finds nothing: the
 * connection's node completes with NDIS_STATUS_FAILURE and its state is lost. Overrides ReceiveSegment
 * and nothing else.
 */
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import { findConnection, forgetFreed, free } from '../reference/target/TargetCall.js';
import { hasFlag, TargetFlags, type TargetState } from '../reference/target/TargetState.js';

export const targetFreesConnectionOnReset: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-frees-connection-on-reset',
  ReceiveSegment: (s, args, ndis, nic) => {
    const o = args.segment.rst ? findConnection(s, args.segment.connection) : null;
    const wasReset = o !== null && hasFlag(o, TargetFlags.Aborted);
    referenceOffloadTarget.ReceiveSegment(s, args, ndis, nic);
    if (!o || wasReset || !hasFlag(o, TargetFlags.Aborted)) return;
    // The bug: the connection was reset, so the target lets it go at once.
    const c = { s, ndis, nic };
    const freed = new Set<number>();
    free(c, o, freed);
    forgetFreed(c, freed);
  },
};

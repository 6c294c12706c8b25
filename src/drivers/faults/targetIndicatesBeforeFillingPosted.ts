/**
 * Deliberate fault `target-indicates-before-filling-posted`: a target whose receive path offers newly
 * arrived data with NdisTcpOffloadReceiveHandler without looking at the receive buffers the host posted
 * (reference §6.7, §8 item 10: posted buffers are filled first, and indications are for data no posted
 * buffer can take). The buffers stay posted for later data. Overrides ReceiveSegment and nothing else.
 */
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import { findConnection } from '../reference/target/TargetCall.js';
import type { TargetState } from '../reference/target/TargetState.js';

export const targetIndicatesBeforeFillingPosted: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-indicates-before-filling-posted',
  ReceiveSegment: (s, args, ndis, nic) => {
    const { segment } = args;
    const r = segment.len > 0 && !segment.fin && !segment.rst ? findConnection(s, segment.connection)?.receive : null;
    const posted = r?.posted.splice(0) ?? []; // the bug: the data is delivered as if nothing were posted
    referenceOffloadTarget.ReceiveSegment(s, args, ndis, nic);
    if (r && posted.length > 0) r.posted.unshift(...posted);
  },
};

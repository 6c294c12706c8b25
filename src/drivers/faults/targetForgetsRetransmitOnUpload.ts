/**
 * Deliberate fault `target-forgets-retransmit-on-upload`: a target that hands unacknowledged send data
 * back on upload (as it must, reference §6.2 step 3) but forgets the retransmit timer that was running
 * for it: the delegated Retransmit.TimeoutDelta comes back 0xFFFFFFFF, "not running" (§3.2). The host's
 * TCP trusts the delegated state, so on a wire that lost the data nobody ever sends it again: the bytes
 * never reach the peer. Only a lossy wire shows it (on one that loses nothing the data is acknowledged
 * anyway). Overrides MiniportTerminateOffload and nothing else.
 */
import { blocksOf } from '../../ndis/blockList.js';
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import { stopRetransmit } from '../reference/target/targetRetransmit.js';
import { objectOfContext, type TargetState } from '../reference/target/TargetState.js';

export const targetForgetsRetransmitOnUpload: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-forgets-retransmit-on-upload',
  MiniportTerminateOffload: (s, args, ndis, nic) => {
    for (const node of blocksOf(args.OffloadBlockList)) {
      const o = objectOfContext(s, node.MiniportOffloadContext?.value);
      if (o?.layer === 'Tcp' && o.delegated) stopRetransmit({ s, ndis, nic }, o); // the bug: the timer is forgotten, not handed back
    }
    referenceOffloadTarget.MiniportTerminateOffload(s, args, ndis, nic);
  },
};

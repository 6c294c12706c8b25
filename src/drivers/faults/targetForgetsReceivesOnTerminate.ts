/**
 * Deliberate fault `target-forgets-receives-on-terminate`: a target that, asked to upload a connection,
 * hands back its send data and its buffered receive data but forgets the receive buffers the host posted:
 * it completes the terminate with them still outstanding, and never completes them (reference §6.2 step
 * 6, §8 item 7: every outstanding receive completes before NdisMTerminateOffloadComplete). Overrides
 * MiniportTerminateOffload and nothing else.
 */
import { blocksOf } from '../../ndis/blockList.js';
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import { objectOfContext, type TargetState } from '../reference/target/TargetState.js';

export const targetForgetsReceivesOnTerminate: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-forgets-receives-on-terminate',
  MiniportTerminateOffload: (s, args, ndis, nic) => {
    for (const node of blocksOf(args.OffloadBlockList)) {
      const o = objectOfContext(s, node.MiniportOffloadContext?.value);
      if (o?.layer === 'Tcp') o.receive?.posted.splice(0); // the bug: the posted buffers are dropped, not completed
    }
    referenceOffloadTarget.MiniportTerminateOffload(s, args, ndis, nic);
  },
};

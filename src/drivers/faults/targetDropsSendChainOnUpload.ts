/**
 * Deliberate fault `target-drops-send-chain-on-upload`: a target that, asked to upload a connection,
 * forgets the send data it holds instead of handing it back in the terminate's NetBufferListChain
 * (reference §6.2 step 3): those bytes are lost. Overrides MiniportTerminateOffload and nothing else.
 */
import { blocksOf } from '../../ndis/blockList.js';
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import { objectOfContext, type TargetState } from '../reference/target/TargetState.js';

export const targetDropsSendChainOnUpload: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-drops-send-chain-on-upload',
  MiniportTerminateOffload: (s, args, ndis, nic) => {
    for (const node of blocksOf(args.OffloadBlockList)) {
      const o = objectOfContext(s, node.MiniportOffloadContext?.value);
      if (o?.layer === 'Tcp') o.sendQueue = null; // the bug
    }
    referenceOffloadTarget.MiniportTerminateOffload(s, args, ndis, nic);
  },
};

/**
 * Deliberate fault `target-indicates-during-initiate`: a target that tells the host how much send data it
 * can take (TcpIndicateSendBacklogChange) for each new connection as soon as MiniportInitiateOffload is
 * called, before its NdisMInitiateOffloadComplete has returned (reference §6.1 and §8 item 4: no
 * indication while the offload is in progress). Overrides MiniportInitiateOffload and nothing else.
 */
import { forEachBlock, isTcpBlock } from '../../ndis/blockList.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import type { TargetState } from '../reference/target/TargetState.js';

/** The send backlog it announces, in bytes. */
const ANNOUNCED_BACKLOG = 65_536;

export const targetIndicatesDuringInitiate: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-indicates-during-initiate',
  MiniportInitiateOffload: (s, args, ndis, nic) => {
    forEachBlock(args.OffloadBlockList, (node) => {
      const h = node.NdisOffloadHandle;
      if (h && isTcpBlock(node) && node.MiniportOffloadContext?.value === null) {
        ndis.NdisTcpOffloadEventHandler(h, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange, ANNOUNCED_BACKLOG); // the bug: too early
      }
    });
    referenceOffloadTarget.MiniportInitiateOffload(s, args, ndis, nic);
  },
};

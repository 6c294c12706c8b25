/**
 * Deliberate fault `target-completes-copied-block-list`: a target that rebuilds the terminate's block
 * list from its own records — a new list, with none of what NDIS keeps in NdisReserved — and completes
 * that instead of the block list it was given (reference §8 item 1 and NDIS_MINIPORT_OFFLOAD_BLOCK_LIST:
 * the operation completes with the same root pointer; NdisReserved belongs to NDIS). NDIS does not know
 * the new list, so the terminate never completes for the host. Overrides MiniportTerminateOffload and
 * nothing else.
 */
import { cloneData } from '../../data/cloneData.js';
import { forEachBlock } from '../../ndis/blockList.js';
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import type { TargetState } from '../reference/target/TargetState.js';

export const targetCompletesCopiedBlockList: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-completes-copied-block-list',
  MiniportTerminateOffload: (s, { OffloadBlockList }, ndis, nic) => {
    const copy = cloneData(OffloadBlockList); // the bug: a new list, completed instead of the one given
    forEachBlock(copy, (node) => node.NdisReserved.fill(null));
    referenceOffloadTarget.MiniportTerminateOffload(s, { OffloadBlockList: copy }, ndis, nic);
  },
};

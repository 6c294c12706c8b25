/**
 * Deliberate fault `target-fails-query-not-supported`: a target that does not implement queries and
 * completes every NdisQueryOffloadState with NDIS_STATUS_NOT_SUPPORTED on each node — a status out of range
 * for a query (reference §4.1 and §8 item 1: a query node completes with SUCCESS or FAILURE). Overrides
 * MiniportQueryOffload and nothing else.
 */
import { forEachBlock } from '../../ndis/blockList.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import type { TargetState } from '../reference/target/TargetState.js';

export const targetFailsQueryNotSupported: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-fails-query-not-supported',
  MiniportQueryOffload: (s, { OffloadBlockList }, ndis) => {
    forEachBlock(OffloadBlockList, (node) => {
      node.Status = NDIS_STATUS.NDIS_STATUS_NOT_SUPPORTED; // the bug: not a query status
    });
    ndis.NdisMQueryOffloadStateComplete(s.NdisMiniportHandle, OffloadBlockList);
  },
};

/**
 * Deliberate fault `target-never-completes-query`: a target that takes NdisQueryOffloadState and never
 * completes it (it waits for a statistics snapshot its firmware never sends) (reference §6.5, §8 item 1:
 * every state-manipulation operation completes exactly once; §6.2: the host terminates a connection only
 * once its queries completed, so that connection can never be uploaded). Overrides MiniportQueryOffload and
 * nothing else.
 */
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import type { TargetState } from '../reference/target/TargetState.js';

export const targetNeverCompletesQuery: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-never-completes-query',
  MiniportQueryOffload: () => {
    // the bug: no NdisMQueryOffloadStateComplete, ever
  },
};

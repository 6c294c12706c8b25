/**
 * Deliberate fault `target-returns-stale-delegated-state`: a target that keeps the TCP_OFFLOAD_STATE_DELEGATED
 * the host gave it at initiate and, on terminate, copies those values back instead of its live ones
 * (reference §6.2 step 2: copy the *current* delegated values into the host's structure; §3.2: the target
 * owns the delegated variables while offloaded). The host resumes with the sequence numbers of the moment
 * it offloaded. Overrides MiniportInitiateOffload and MiniportTerminateOffload.
 */
import { forEachBlock, tcpStateOf } from '../../ndis/blockList.js';
import { handleKey } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../ndis/stateStructures.js';
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import type { TargetState } from '../reference/target/TargetState.js';

/** The sequence variables it keeps from the initiate (by the upper handle's key). */
type Kept = Pick<TCP_OFFLOAD_STATE_DELEGATED, 'State' | 'RcvNxt' | 'SndUna' | 'SndNxt' | 'SndMax'>;
type StaleState = TargetState & { initiateDelegated?: Record<string, Kept> };

export const targetReturnsStaleDelegatedState: OffloadTarget<StaleState> = {
  ...referenceOffloadTarget,
  name: 'target-returns-stale-delegated-state',
  MiniportInitiateOffload: (s, args, ndis, nic) => {
    forEachBlock(args.OffloadBlockList, (node) => {
      const d = tcpStateOf(node)?.Delegated;
      if (d && node.NdisOffloadHandle) {
        (s.initiateDelegated ??= {})[handleKey(node.NdisOffloadHandle)] = { State: d.State, RcvNxt: d.RcvNxt, SndUna: d.SndUna, SndNxt: d.SndNxt, SndMax: d.SndMax };
      }
    });
    referenceOffloadTarget.MiniportInitiateOffload(s, args, ndis, nic);
  },
  MiniportTerminateOffload: (s, args, ndis, nic) => {
    referenceOffloadTarget.MiniportTerminateOffload(s, args, ndis, nic);
    forEachBlock(args.OffloadBlockList, (node) => {
      const key = node.NdisOffloadHandle ? handleKey(node.NdisOffloadHandle) : undefined;
      const kept = key !== undefined ? s.initiateDelegated?.[key] : undefined;
      const out = tcpStateOf(node)?.Delegated;
      if (!kept || !out || !s.initiateDelegated) return;
      Object.assign(out, kept); // the bug: the values of the initiate, not its own
      delete s.initiateDelegated[key!];
    });
  },
};

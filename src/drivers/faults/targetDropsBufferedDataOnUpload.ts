/**
 * Deliberate fault `target-drops-buffered-data-on-upload`: a target that, asked to upload a connection,
 * discards the received data it holds (acknowledged, not yet delivered) instead of handing it back in
 * the delegated BufferedData (reference §6.2 step 4): those bytes are lost. Data already offered up in
 * an indication still in flight is left alone. Overrides MiniportTerminateOffload and nothing else.
 */
import { blocksOf } from '../../ndis/blockList.js';
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import { delegatedOf, objectOfContext, type TargetState } from '../reference/target/TargetState.js';

export const targetDropsBufferedDataOnUpload: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-drops-buffered-data-on-upload',
  MiniportTerminateOffload: (s, args, ndis, nic) => {
    for (const node of blocksOf(args.OffloadBlockList)) {
      const o = objectOfContext(s, node.MiniportOffloadContext?.value);
      const r = o?.layer === 'Tcp' ? o.receive : null;
      if (o && r && r.indicating === null) r.delivered = delegatedOf(o).RcvNxt; // the bug
    }
    referenceOffloadTarget.MiniportTerminateOffload(s, args, ndis, nic);
  },
};

/**
 * Deliberate fault `im-frees-entry-on-terminate`: an intermediate driver that frees its offload entries
 * as soon as the terminate goes down, instead of when the terminate's completion goes up (reference §7.2:
 * the entry lives for the duration of the offload; §6.2 step 6: indications may still come up until the
 * terminate completes). An event or received data the layer below raises meanwhile names a handle the
 * driver no longer knows, so it is dropped. Overrides MiniportTerminateOffload and nothing else.
 */
import { forEachBlock } from '../../ndis/blockList.js';
import type { IntermediateDriver } from '../IntermediateDriver.js';
import { entryOfContext } from '../reference/passThrough/propagate.js';
import type { ImOffloadEntry, PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imFreesEntryOnTerminate: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-frees-entry-on-terminate',
  MiniportTerminateOffload: (s, args, ndis) => {
    const going: ImOffloadEntry[] = [];
    forEachBlock(args.OffloadBlockList, (node) => {
      const entry = entryOfContext(s, node.MiniportOffloadContext?.value);
      if (entry) going.push(entry);
    });
    passThroughIntermediateDriver.MiniportTerminateOffload(s, args, ndis);
    for (const entry of going) {
      // the bug: freed before the completion comes back up
      delete s.entries[entry.id];
      delete s.byHandle[entry.ownHandle.id];
    }
  },
};

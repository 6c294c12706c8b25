/**
 * Deliberate fault `im-leaks-call-entry`: an intermediate driver that completes a query upward and never
 * frees the call entry it made for it (reference §7.3: on ProtocolXxxOffloadComplete the IM finds its call
 * entry through ImReserved, completes upward and frees the call entry). Every query leaves one behind,
 * holding the block list it completed. Overrides ProtocolQueryOffloadComplete and nothing else.
 */
import type { IntermediateDriver } from '../IntermediateDriver.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imLeaksCallEntry: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-leaks-call-entry',
  ProtocolQueryOffloadComplete: (s, args, ndis) => {
    const key = args.OffloadBlockList.ImReserved[0];
    const call = typeof key === 'number' ? s.calls[key] : undefined;
    passThroughIntermediateDriver.ProtocolQueryOffloadComplete(s, args, ndis);
    if (call && typeof key === 'number') s.calls[key] = call; // the bug: never freed
  },
};

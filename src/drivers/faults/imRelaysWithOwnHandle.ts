/**
 * Deliberate fault `im-relays-with-own-handle`: an intermediate driver that relays indications up with
 * its own NDIS_OFFLOAD_HANDLE instead of the one the layer above gave it (reference §7.5: relay with the
 * stored upper handle). Overrides ProtocolTcpOffloadEvent and nothing else.
 */
import type { IntermediateDriver } from '../IntermediateDriver.js';
import { entryOfHandle } from '../reference/passThrough/propagate.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imRelaysWithOwnHandle: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-relays-with-own-handle',
  ProtocolTcpOffloadEvent: (s, args, ndis) => {
    if (!entryOfHandle(s, args.OffloadContext)) return passThroughIntermediateDriver.ProtocolTcpOffloadEvent(s, args, ndis);
    ndis.NdisTcpOffloadEventHandler(args.OffloadContext, args.EventType, args.EventSpecificInformation); // the bug: its own handle
  },
};

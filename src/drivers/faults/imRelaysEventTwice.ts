/**
 * Deliberate fault `im-relays-event-twice`: an intermediate driver that relays each TCP offload event for
 * its own offload entries, and then again from a retry path (NdisTcpOffloadEventHandler returns nothing,
 * so it cannot tell the first went up) (reference §7.5: each event goes up once, unchanged). The host
 * hears every SendBacklogChange, Disconnect, Retrieve and Abort twice. Overrides ProtocolTcpOffloadEvent
 * and nothing else.
 */
import type { IntermediateDriver } from '../IntermediateDriver.js';
import { entryOfHandle } from '../reference/passThrough/propagate.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imRelaysEventTwice: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-relays-event-twice',
  ProtocolTcpOffloadEvent: (s, args, ndis) => {
    passThroughIntermediateDriver.ProtocolTcpOffloadEvent(s, args, ndis);
    const entry = entryOfHandle(s, args.OffloadContext);
    if (entry) ndis.NdisTcpOffloadEventHandler(entry.upperHandle, args.EventType, args.EventSpecificInformation); // the bug: again
  },
};

/**
 * Deliberate fault `im-swallows-tcp-offload-event`: an intermediate driver that receives TCP offload
 * events for its own offload entries and never passes them up (reference §7.5: relay with
 * NdisTcpOffloadEventHandler, the stored upper handle, EventType and EventSpecificInformation unchanged).
 * A TcpIndicateRetrieve, a TcpIndicateDisconnect or a TcpIndicateAbort never reaches the host. Overrides
 * ProtocolTcpOffloadEvent and nothing else.
 */
import type { IntermediateDriver } from '../IntermediateDriver.js';
import { entryOfHandle } from '../reference/passThrough/propagate.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imSwallowsTcpOffloadEvent: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-swallows-tcp-offload-event',
  ProtocolTcpOffloadEvent: (s, args, ndis) => {
    if (!entryOfHandle(s, args.OffloadContext)) return passThroughIntermediateDriver.ProtocolTcpOffloadEvent(s, args, ndis);
    // the bug: nothing goes up
  },
};

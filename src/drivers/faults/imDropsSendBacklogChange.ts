/**
 * Deliberate fault `im-drops-send-backlog-change`: an intermediate driver that relays the TCP offload
 * events it thinks matter (Disconnect, Retrieve, Abort) and drops TcpIndicateSendBacklogChange for its own
 * offload entries, as a mere hint (reference §7.5: every event goes up with NdisTcpOffloadEventHandler, the
 * stored upper handle, EventType and EventSpecificInformation unchanged; §2.2: the host sizes its send
 * backlog by it). Overrides ProtocolTcpOffloadEvent and nothing else.
 */
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import type { IntermediateDriver } from '../IntermediateDriver.js';
import { entryOfHandle } from '../reference/passThrough/propagate.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imDropsSendBacklogChange: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-drops-send-backlog-change',
  ProtocolTcpOffloadEvent: (s, args, ndis) => {
    if (entryOfHandle(s, args.OffloadContext) && args.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange) return; // the bug
    passThroughIntermediateDriver.ProtocolTcpOffloadEvent(s, args, ndis);
  },
};

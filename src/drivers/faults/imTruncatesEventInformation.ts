/**
 * Deliberate fault `im-truncates-event-information`: an intermediate driver that keeps an event's
 * EventSpecificInformation (a ULONG) in a 16-bit field on its way through, so a TcpIndicateSendBacklogChange
 * of 65,536 bytes or more reaches the host changed (reference §7.5: EventType and EventSpecificInformation
 * go up unchanged). Overrides ProtocolTcpOffloadEvent and nothing else.
 */
import type { IntermediateDriver } from '../IntermediateDriver.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imTruncatesEventInformation: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-truncates-event-information',
  ProtocolTcpOffloadEvent: (s, args, ndis) =>
    passThroughIntermediateDriver.ProtocolTcpOffloadEvent(s, { ...args, EventSpecificInformation: args.EventSpecificInformation & 0xffff }, ndis), // the bug: a USHORT
};

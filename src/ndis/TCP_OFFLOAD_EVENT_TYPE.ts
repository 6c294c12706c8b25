/** `TCP_OFFLOAD_EVENT_TYPE` (ndischimney.h): the EventType of `NdisTcpOffloadEventHandler`. Reference §2.2. */
import { defineEnumeration, type ValueOf } from './enumeration.js';

/** Note: the enum starts at 1 and SendBacklogChange comes first. */
export const TCP_OFFLOAD_EVENT_TYPE = {
  /** EventSpecificInformation: optimum number of send bytes to keep outstanding at the target. */
  TcpIndicateSendBacklogChange: 1,
  /** The remote sent a FIN (graceful close of the receive half). EventSpecificInformation not meaningful. */
  TcpIndicateDisconnect: 2,
  /** The target asks the host to upload this connection; EventSpecificInformation is a TCP_UPLOAD_REASON. */
  TcpIndicateRetrieve: 3,
  /** The remote sent an acceptable RST. EventSpecificInformation not meaningful. */
  TcpIndicateAbort: 4,
} as const;
export type TCP_OFFLOAD_EVENT_TYPE = ValueOf<typeof TCP_OFFLOAD_EVENT_TYPE>;

export const TcpOffloadEventTypeEnum = defineEnumeration('TCP_OFFLOAD_EVENT_TYPE', TCP_OFFLOAD_EVENT_TYPE);

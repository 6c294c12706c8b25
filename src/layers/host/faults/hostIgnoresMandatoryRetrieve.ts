/**
 * Deliberate fault `host-ignores-mandatory-retrieve`: a host stack that ignores TcpIndicateRetrieve even
 * for a mandatory TCP_UPLOAD_REASON (reference §2.3: mandatory reasons always upload). Overrides
 * ProtocolTcpOffloadEvent; every other handler is the reference host's.
 */
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason, TcpUploadReasonEnum } from '../../../ndis/TCP_UPLOAD_REASON.js';
import { recordOfHandle } from '../hostHandles.js';
import type { HostStackHandlers } from '../HostStackHandlers.js';
import { referenceHostStack } from '../referenceHostStack.js';

export const hostIgnoresMandatoryRetrieve: HostStackHandlers = {
  ...referenceHostStack,
  ProtocolTcpOffloadEvent: (c, e) => {
    const t = recordOfHandle(c.s, e.OffloadContext);
    const reason = e.EventSpecificInformation;
    if (t?.kind === 'Tcp' && e.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve && isMandatoryUploadReason(reason)) {
      c.report.decision(`(deliberate fault) ignores ${TcpUploadReasonEnum.format(reason)}, although it is mandatory`, t.label);
      return;
    }
    referenceHostStack.ProtocolTcpOffloadEvent(c, e);
  },
};

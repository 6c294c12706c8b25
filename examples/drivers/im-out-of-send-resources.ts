/**
 * An intermediate driver that cannot allocate what it needs to pass a send down (reference §7.4): it
 * does not pass the send down, and completes it upward at once with NDIS_STATUS_REQUEST_UPLOAD on the
 * first NBL and NDIS_STATUS_UPLOAD_REQUESTED on the rest; the host then sends the data itself (and
 * uploads the connection). Everything else is the reference pass-through driver. A legal driver, used by
 * scenarios/intermediate-drivers/im-cannot-pass-send-down.yaml. Outside this repository, import from
 * 'chimney-sim' instead of '../../src/index.js'.
 */
import { NDIS_STATUS, passThroughIntermediateDriver, type IntermediateDriver, type PassThroughState } from '../../src/index.js';

const imOutOfSendResources: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-out-of-send-resources',
  MiniportTcpOffloadSend: (s, { NetBufferList }, ndis) => {
    for (let n: typeof NetBufferList | null = NetBufferList, first = true; n; n = n.Next, first = false) {
      n.Status = first ? NDIS_STATUS.NDIS_STATUS_REQUEST_UPLOAD : NDIS_STATUS.NDIS_STATUS_UPLOAD_REQUESTED;
    }
    ndis.NdisTcpOffloadSendComplete(s.NdisMiniportHandle, NetBufferList);
    return NDIS_STATUS.NDIS_STATUS_PENDING;
  },
};

export default imOutOfSendResources;

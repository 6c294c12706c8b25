/**
 * Deliberate fault `im-completes-send-twice`: an intermediate driver that completes a send upward from
 * its completion handler and again from its own cleanup path, so the host sees each NBL completed twice
 * (reference §7.4: the same NBL is completed upward once; §8 item 2: each NBL is completed exactly once).
 * Overrides ProtocolTcpOffloadSendComplete and nothing else.
 */
import type { IntermediateDriver } from '../IntermediateDriver.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imCompletesSendTwice: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-completes-send-twice',
  ProtocolTcpOffloadSendComplete: (s, { NetBufferList }, ndis) => {
    ndis.NdisTcpOffloadSendComplete(s.NdisMiniportHandle, NetBufferList);
    ndis.NdisTcpOffloadSendComplete(s.NdisMiniportHandle, NetBufferList); // the bug: completed again
  },
};

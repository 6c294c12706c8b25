/**
 * Deliberate fault `im-swallows-receive-indication`: an intermediate driver that, offered received data
 * for one of its own offload entries, says it was all taken (NDIS_STATUS_SUCCESS, BytesConsumed = every
 * byte) without offering it to the layer above (reference §7.5: NdisTcpOffloadReceiveHandler with the
 * stored upper handle and the same NBL, and return what the layer above returned): those bytes are lost.
 * Overrides ProtocolTcpOffloadReceiveIndicate and nothing else.
 */
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import type { IntermediateDriver } from '../IntermediateDriver.js';
import { entryOfHandle } from '../reference/passThrough/propagate.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imSwallowsReceiveIndication: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-swallows-receive-indication',
  ProtocolTcpOffloadReceiveIndicate: (s, args, ndis) => {
    if (!entryOfHandle(s, args.OffloadContext)) return passThroughIntermediateDriver.ProtocolTcpOffloadReceiveIndicate(s, args, ndis);
    return { Status: NDIS_STATUS.NDIS_STATUS_SUCCESS, BytesConsumed: args.NetBufferList.DataLength }; // the bug: taken, not passed up
  },
};

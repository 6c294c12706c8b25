/**
 * Deliberate fault `im-swallows-abort`: an intermediate driver that, told by the layer below that a
 * connection was reset (TcpIndicateAbort), cleans up on its own and does not pass the event up (reference
 * §7.5: every event goes up; §6.2 and §8 item 12: after the Abort the host must learn of the reset and
 * terminate the offload). The host never learns the connection is gone. Overrides ProtocolTcpOffloadEvent
 * and nothing else.
 */
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import type { IntermediateDriver } from '../IntermediateDriver.js';
import { entryOfHandle } from '../reference/passThrough/propagate.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imSwallowsAbort: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-swallows-abort',
  ProtocolTcpOffloadEvent: (s, args, ndis) => {
    if (entryOfHandle(s, args.OffloadContext) && args.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort) return; // the bug
    passThroughIntermediateDriver.ProtocolTcpOffloadEvent(s, args, ndis);
  },
};

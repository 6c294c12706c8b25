/**
 * ProtocolReceiveNetBufferLists — NDIS calls it when the NIC receives a frame on the normal (non-offload)
 * path for a connection it does not own; the host's own TCP takes it (see tcp/receiveSegment).
 */
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import type { HostContext } from '../HostContext.js';
import { receiveSegment } from '../tcp/receiveSegment.js';

/** ProtocolReceiveNetBufferLists: a segment on the normal path (processed, forwarded to the target, or held). */
export function ProtocolReceiveNetBufferLists(c: HostContext, { NetBufferLists }: ProtocolHandlerArgs['ProtocolReceiveNetBufferLists']): void {
  receiveSegment(c, NetBufferLists.segment);
}

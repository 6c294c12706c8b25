/** The host's own TCP puts a segment on the wire: the normal send path, not the offload path. */
import type { Segment } from '../../../wire/Segment.js';
import type { HostContext } from '../HostContext.js';

/** The host's own TCP sends a segment: a frame down the normal send path, through every IM to the NIC (NdisSendNetBufferLists). */
export function sendSegment(c: HostContext, segment: Segment): void {
  c.ndis.NdisSendNetBufferLists(c.s.NdisBindingHandle, { segment });
}

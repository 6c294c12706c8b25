/** Offloaded: a segment that came up the normal path is the target's to process, so the host hands it down (reference §6.8). */
import type { Segment } from '../../../wire/Segment.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from '../tcp/Tcb.js';

/** Offloaded: a segment that came up the normal path goes down with NdisOffloadTcpForward (reference §6.8). */
export function forward(c: HostContext, t: Tcb, segment: Segment): void {
  const nbl = c.ndis.NdisAllocateNetBufferList(t.label, segment.seq, segment.len);
  nbl.ForwardedSegment = segment;
  nbl.ProtocolReserved = t.label;
  c.ndis.NdisOffloadTcpForward(t.handle, nbl);
}

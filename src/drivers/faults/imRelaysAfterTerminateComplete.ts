/**
 * Deliberate fault `im-relays-after-terminate-complete`: an intermediate driver that holds back the TCP
 * offload events that come up while a connection's terminate is in flight ("the host is uploading it
 * anyway") and passes them up after it has completed the terminate upward (reference §7.5: an event goes
 * up from ProtocolTcpOffloadEvent, before it returns; §6.2 step 6 and §8 item 7: indications come before
 * the terminate completion; after it the host no longer has the connection offloaded). Overrides
 * ProtocolTcpOffloadEvent and ProtocolTerminateOffloadComplete.
 */
import type { NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { IntermediateDriver } from '../IntermediateDriver.js';
import { entryOfHandle } from '../reference/passThrough/propagate.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

/** An event held back: the stored upper handle, EventType and EventSpecificInformation. */
type HeldEvent = [NDIS_OFFLOAD_HANDLE, number, number];
type HoldingState = PassThroughState & { heldEvents?: HeldEvent[] };

export const imRelaysAfterTerminateComplete: IntermediateDriver<HoldingState> = {
  ...passThroughIntermediateDriver,
  name: 'im-relays-after-terminate-complete',
  ProtocolTcpOffloadEvent: (s, args, ndis) => {
    const entry = entryOfHandle(s, args.OffloadContext);
    if (entry?.state !== 'Terminating') return passThroughIntermediateDriver.ProtocolTcpOffloadEvent(s, args, ndis);
    (s.heldEvents ??= []).push([{ ...entry.upperHandle }, args.EventType, args.EventSpecificInformation]); // the bug: held back
  },
  ProtocolTerminateOffloadComplete: (s, args, ndis) => {
    passThroughIntermediateDriver.ProtocolTerminateOffloadComplete(s, args, ndis);
    const held = s.heldEvents ?? [];
    s.heldEvents = [];
    for (const [handle, EventType, info] of held) ndis.NdisTcpOffloadEventHandler(handle, EventType, info); // after the completion went up
  },
};

/**
 * NdisMInitiateOffloadComplete returned (reference §6.1, §8 item 4): the connections it offloaded may now
 * raise the events they owe and indicate what they received meanwhile.
 */
import { deliverReceived } from './deliverReceived.js';
import type { TargetCall } from './TargetCall.js';
import { TargetFlags, type TargetObject } from './TargetState.js';

/** NdisMInitiateOffloadComplete returned: the connections it offloaded may now indicate what they received meanwhile. */
export function initiateCompleteReturned(c: TargetCall, offloaded: readonly TargetObject[]): void {
  for (const o of offloaded) {
    o.flags |= TargetFlags.InitiateReturned;
    const r = o.receive;
    if (!r) continue;
    const owed = r.owedEvents;
    r.owedEvents = null;
    for (const [EventType, info] of owed ?? []) c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, EventType, info);
    deliverReceived(c, o);
  }
}

/**
 * The shape of a host stack: one handler per event, the Protocol* handlers NDIS calls and the commands
 * the simulation gives it, and the one place that calls a handler for an event.
 */
import type { EventOfType, ProtocolEdgeEvent, ReceiveIndicateResult } from '../../ndis/calls.js';
import type { HostCommand } from './HostCommand.js';
import type { HostContext } from './HostContext.js';

/** Everything a host stack handles: an NDIS call up to it, or a command. */
export type HostStackEvent = ProtocolEdgeEvent | HostCommand;

/** The host stack's handlers: the Protocol* ones NDIS calls, and the commands. What a handler returns goes back to NDIS. */
export type HostStackHandlers = {
  [K in HostStackEvent['type']]: (c: HostContext, event: EventOfType<HostStackEvent, K>) => K extends 'ProtocolTcpOffloadReceiveIndicate' ? ReceiveIndicateResult : void;
};

/** The handler of events of type `K`, typed for those events. */
function handlerFor<K extends HostStackEvent['type']>(handlers: HostStackHandlers, type: K): (c: HostContext, event: EventOfType<HostStackEvent, K>) => unknown {
  return handlers[type];
}

/** Calls the host's handler for an event (an NDIS call, or a command); returns what it returned. */
export function hostStackReceive(handlers: HostStackHandlers, c: HostContext, event: HostStackEvent): unknown {
  return handlerFor(handlers, event.type)(c, event);
}

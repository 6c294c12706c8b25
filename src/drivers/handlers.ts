/**
 * The shape of a driver's handlers: each receives the driver's own state (what C passes as
 * MiniportAdapterContext or ProtocolBindingContext), the call's arguments by their C names, and the
 * NDIS library; what it returns goes back to the caller (an NDIS_STATUS for the data I/O handlers).
 */
import type { HandlerArgs, HandlerName, HandlerReturn } from '../ndis/calls.js';
import type { NdisLibrary } from '../ndis/NdisLibrary.js';

/** The handler NDIS calls by the name `K`. */
export type NdisHandlerFunction<S, K extends HandlerName> = (state: S, args: HandlerArgs[K], ndis: NdisLibrary) => HandlerReturn<K>;

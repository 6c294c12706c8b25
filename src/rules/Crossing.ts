/**
 * What the rulebook sees of one call crossing one binding: the function, the two layers, and the
 * arguments in both forms. `binding` is the index of the upper layer of the pair (0 = host stack).
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../ndis/blockList.js';
import type { OffloadOperation } from '../ndis/calls.js';
import type { NDIS_OFFLOAD_HANDLE } from '../ndis/NDIS_OFFLOAD_HANDLE.js';

interface CrossingBase {
  binding: number;
  caller: string;
  callee: string;
}

/** A state-manipulation request going down (NdisXxxOffload -> MiniportXxxOffload). */
export interface RequestCrossing extends CrossingBase {
  kind: 'request';
  op: OffloadOperation;
  P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
  M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;
}

/** A completion going up (NdisMXxxComplete -> ProtocolXxxComplete). P is null when NDIS did not know the root. */
export interface CompletionCrossing extends CrossingBase {
  kind: 'completion';
  op: OffloadOperation;
  M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;
  P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null;
}

/** NdisTcpOffloadEventHandler -> ProtocolTcpOffloadEvent. */
export interface EventCrossing extends CrossingBase {
  kind: 'event';
  handle: NDIS_OFFLOAD_HANDLE;
  EventType: number;
  EventSpecificInformation: number;
}

/** NdisMOffloadEventIndicate -> ProtocolIndicateOffloadEvent. */
export interface OffloadEventCrossing extends CrossingBase {
  kind: 'offloadEvent';
  P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
  IndicationCode: number;
}

/** NdisMIndicateStatusEx -> ProtocolStatusEx. */
export interface StatusCrossing extends CrossingBase {
  kind: 'status';
  StatusCode: number;
}

export type Crossing = RequestCrossing | CompletionCrossing | EventCrossing | OffloadEventCrossing | StatusCrossing;

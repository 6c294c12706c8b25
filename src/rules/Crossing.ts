/**
 * What the rulebook sees of one call crossing one binding: the function, the two layers, and the
 * arguments in both forms. `binding` is the index of the upper layer of the pair (0 = host stack).
 * The arguments are the call's own (plain data); the rulebook reads them and keeps only what it records.
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../ndis/blockList.js';
import type { DataCompleteFunction, DataIoFunction, OffloadOperation } from '../ndis/calls.js';
import type { NDIS_OFFLOAD_HANDLE } from '../ndis/NDIS_OFFLOAD_HANDLE.js';
import type { NET_BUFFER_LIST } from '../ndis/NET_BUFFER_LIST.js';
import type { Segment } from '../wire/Segment.js';

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

/** A data I/O call going down (NdisOffloadTcpSend -> MiniportTcpOffloadSend), with what it returned once known. */
export interface IoCrossing extends CrossingBase {
  kind: 'io';
  fn: DataIoFunction;
  /** The caller's handle for the connection. */
  handle: NDIS_OFFLOAD_HANDLE;
  NetBufferList: NET_BUFFER_LIST;
  /** NdisOffloadTcpDisconnect's Flags (TCP_DISCONNECT_ABORTIVE_CLOSE or TCP_DISCONNECT_GRACEFUL_CLOSE); 0 for the other calls. */
  Flags: number;
}

/** The handler of a data I/O call returned. */
export interface IoReturnCrossing extends CrossingBase {
  kind: 'ioReturn';
  fn: DataIoFunction;
  handle: NDIS_OFFLOAD_HANDLE;
  Status: number;
}

/** A data I/O completion going up (NdisTcpOffloadSendComplete -> ProtocolTcpOffloadSendComplete, and the disconnect's). */
export interface IoCompleteCrossing extends CrossingBase {
  kind: 'ioComplete';
  fn: DataCompleteFunction;
  /** The NBLs of the chain, in order. */
  NetBufferLists: readonly NET_BUFFER_LIST[];
}

/** NdisTcpOffloadReceiveHandler -> ProtocolTcpOffloadReceiveIndicate: received data offered upward. */
export interface ReceiveIndicateCrossing extends CrossingBase {
  kind: 'receiveIndicate';
  /** The receiver's handle for the connection. */
  handle: NDIS_OFFLOAD_HANDLE;
  NetBufferList: NET_BUFFER_LIST;
  Status: number;
}

/** ProtocolTcpOffloadReceiveIndicate returned: its Status and *BytesConsumed, back to the caller. */
export interface ReceiveIndicateReturnCrossing extends CrossingBase {
  kind: 'receiveIndicateReturn';
  handle: NDIS_OFFLOAD_HANDLE;
  NetBufferList: NET_BUFFER_LIST;
  Status: number;
  BytesConsumed: number;
}

/** NdisOffloadTcpReceiveReturn -> MiniportTcpOffloadReceiveReturn, with what the handler returned. */
export interface ReceiveReturnCrossing extends CrossingBase {
  kind: 'receiveReturn';
  NetBufferLists: readonly NET_BUFFER_LIST[];
  Status: number;
}

/**
 * A segment on the wire at this machine's NIC, as the target's upper binding sees it: one the target
 * transmitted (`from: 'target'`), or one from the peer that reached the NIC (`from: 'peer'`). Not an NDIS
 * call: what the rules judge where NDIS calls alone cannot show a rule broken (reference §8 items 11 and
 * 15, and the TCP state of a connection). `connection` names it as the trace does (`tcp c1`).
 */
export interface SegmentCrossing extends CrossingBase {
  kind: 'segment';
  from: 'target' | 'peer';
  connection: string;
  segment: Segment;
}

export type Crossing =
  | ReceiveIndicateCrossing
  | ReceiveIndicateReturnCrossing
  | ReceiveReturnCrossing
  | IoCrossing | IoReturnCrossing | IoCompleteCrossing | RequestCrossing | CompletionCrossing | EventCrossing | OffloadEventCrossing | StatusCrossing
  | SegmentCrossing;

/** The kind of a crossing: `'request'`, `'io'`, `'receiveIndicate'` ... */
export type CrossingKind = Crossing['kind'];

/** Each kind of crossing, by its `kind`. */
type CrossingByKind = { [C in Crossing as C['kind']]: C };

/**
 * The crossings of kind(s) `K` (the union, for several kinds): `Extract<Crossing, { kind: K }>`, written
 * as a lookup so that it is covariant in `K` (a `Rule<'io'>` is then also a `Rule`).
 */
export type CrossingOf<K extends CrossingKind> = CrossingByKind[K];

export type { DataCompleteFunction, DataIoFunction };

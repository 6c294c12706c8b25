/**
 * NDIS as one table: one entry per NDIS function, holding the handler NDIS calls in the next layer,
 * the crossing the rulebook judges, and what the trace shows (the objects the call is about and its
 * arguments by their C names). A function name seen in a trace has its home here.
 *
 * `Ndis` does the routing (which layer is next, block-list conversion, context slots, waiting); when a
 * call crosses a binding it looks the function up here and hands the crossing to the rulebook, then the
 * trace, in that order (`Ndis.announce`).
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import {
  NDIS_ROUTES,
  type DataCompleteFunction,
  type DataIoFunction,
  type NdisFunction,
  type NdisHandler,
  type OffloadCompleteFunction,
  type OffloadOperation,
  type OffloadRequestFunction,
  type Frame,
  type ReceiveIndicateResult,
} from '../../ndis/calls.js';
import { hex32 } from '../../ndis/enumeration.js';
import { handleKey, type NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import { nblText, type NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import type { Crossing } from '../../rules/Crossing.js';
import type { TraceValue } from '../../trace/TraceEvent.js';
import { fourTupleText } from '../../wire/FourTuple.js';
import { segmentText } from '../../wire/Segment.js';
import { objectsOfTree, snapshotTree } from './treeText.js';

/** A call as it crosses a binding: the function and its arguments, in the forms NDIS has for them then. */
export type CrossingCall =
  | { fn: OffloadRequestFunction; op: OffloadOperation; P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST; M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST }
  /** P is null when NDIS does not know the tree (the completion then goes nowhere). */
  | { fn: OffloadCompleteFunction; op: OffloadOperation; M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST; P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null }
  | { fn: 'NdisTcpOffloadEventHandler'; NdisOffloadHandle: NDIS_OFFLOAD_HANDLE; EventType: number; EventSpecificInformation: number }
  | { fn: 'NdisMOffloadEventIndicate'; M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST; P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST; IndicationCode: number }
  | { fn: 'NdisMIndicateStatusEx'; StatusCode: number }
  | { fn: 'NdisMIndicateReceiveNetBufferLists' | 'NdisSendNetBufferLists'; NetBufferLists: Frame }
  | { fn: DataIoFunction; NdisOffloadHandle: NDIS_OFFLOAD_HANDLE; NetBufferList: NET_BUFFER_LIST; Flags: number }
  | { fn: 'NdisOffloadTcpReceiveReturn'; NetBufferLists: NET_BUFFER_LIST[] }
  | { fn: DataCompleteFunction; NetBufferLists: NET_BUFFER_LIST[] }
  | { fn: 'NdisTcpOffloadReceiveHandler'; NdisOffloadHandle: NDIS_OFFLOAD_HANDLE; NetBufferList: NET_BUFFER_LIST; Status: number };

/** The member of CrossingCall for function `F`. */
export type CallOf<F extends NdisFunction> = CrossingCall extends infer C ? (C extends { fn: infer T } ? (F extends T ? C : never) : never) : never;

/** Where a call crosses: the upper layer's index (`binding`) and both layers' names. */
export interface CrossingPlace {
  binding: number;
  caller: string;
  callee: string;
}

/** What a call's handler returned to the caller: an NDIS_STATUS, and for a receive indication *BytesConsumed. */
export interface CallResult {
  Status: number;
  BytesConsumed?: number;
}

export interface NdisFunctionEntry<C extends CrossingCall> {
  /** The handler NDIS calls in the next layer. */
  readonly handler: NdisHandler;
  /** What the rulebook judges when the call crosses (null: no rule reads this call). */
  crossing(call: C, at: CrossingPlace): Crossing | null;
  /** The state objects the call is about, as the trace lists them. */
  objects(call: C): string[];
  /** The call's arguments as the trace shows them, by their C names. */
  args(call: C, at: CrossingPlace): Record<string, TraceValue>;
  /** For a call whose handler returns something the caller reads: what the rulebook judges when it returns. */
  returned?(call: C, at: CrossingPlace, result: CallResult): Crossing | null;
}

const bindingText = (at: CrossingPlace) => `${at.caller}→${at.callee}`;
const nblsText = (nbls: readonly NET_BUFFER_LIST[]) => nbls.map(nblText).join(', ');
const connectionsOf = (nbls: readonly NET_BUFFER_LIST[]) => [...new Set(nbls.map((n) => n.connection))];

function request(fn: OffloadRequestFunction): NdisFunctionEntry<CallOf<OffloadRequestFunction>> {
  return {
    handler: NDIS_ROUTES[fn].handler,
    crossing: ({ op, P, M }, at) => ({ kind: 'request', op, ...at, P, M }),
    objects: ({ M }) => objectsOfTree(M),
    args: ({ op, M }, at) => ({ NdisBindingHandle: bindingText(at), OffloadBlockList: snapshotTree(M, op === 'Initiate') }),
  };
}

function completion(fn: OffloadCompleteFunction): NdisFunctionEntry<CallOf<OffloadCompleteFunction>> {
  return {
    handler: NDIS_ROUTES[fn].handler,
    crossing: ({ op, M, P }, at) => ({ kind: 'completion', op, ...at, M, P }),
    objects: ({ M }) => objectsOfTree(M),
    args: ({ M }, at) => ({ NdisMiniportHandle: at.caller, OffloadBlockList: snapshotTree(M, false) }),
  };
}

function dataIo(fn: DataIoFunction): NdisFunctionEntry<CallOf<DataIoFunction>> {
  return {
    handler: NDIS_ROUTES[fn].handler,
    crossing: ({ NdisOffloadHandle: handle, NetBufferList, Flags }, at) => ({ kind: 'io', ...at, fn, handle, NetBufferList, Flags }),
    objects: ({ NdisOffloadHandle }) => [NdisOffloadHandle.label],
    args: ({ NdisOffloadHandle, NetBufferList, Flags }) => ({
      NdisOffloadHandle: handleKey(NdisOffloadHandle),
      NetBufferList: nblText(NetBufferList),
      ...(fn === 'NdisOffloadTcpDisconnect' ? { Flags } : {}),
    }),
    returned: ({ NdisOffloadHandle: handle }, at, { Status }) => ({ kind: 'ioReturn', ...at, fn, handle, Status }),
  };
}

function dataComplete(fn: DataCompleteFunction): NdisFunctionEntry<CallOf<DataCompleteFunction>> {
  return {
    handler: NDIS_ROUTES[fn].handler,
    crossing: ({ NetBufferLists }, at) => ({ kind: 'ioComplete', fn, ...at, NetBufferLists }),
    objects: ({ NetBufferLists }) => connectionsOf(NetBufferLists),
    args: ({ NetBufferLists }, at) => ({
      NdisMiniportHandle: at.caller,
      NetBufferList: NetBufferLists.map((n) => `${nblText(n)} ${NdisStatusEnum.nameOf(n.Status) ?? hex32(n.Status)}`).join(', '),
    }),
  };
}

/** A frame on the normal path, as the trace shows it: its 4-tuple and the segment. */
function frame(fn: 'NdisMIndicateReceiveNetBufferLists' | 'NdisSendNetBufferLists', handleName: 'NdisMiniportHandle' | 'NdisBindingHandle') {
  const entry: NdisFunctionEntry<CallOf<typeof fn>> = {
    handler: NDIS_ROUTES[fn].handler,
    crossing: () => null,
    objects: ({ NetBufferLists }) => [fourTupleText(NetBufferLists.segment.connection)],
    args: ({ NetBufferLists }, at) => ({
      [handleName]: handleName === 'NdisMiniportHandle' ? at.caller : bindingText(at),
      NetBufferLists: `${fourTupleText(NetBufferLists.segment.connection)} ${segmentText(NetBufferLists.segment)}`,
    }),
  };
  return entry;
}

/** Every NDIS function a layer can call. */
export const NDIS_FUNCTIONS: { readonly [F in NdisFunction]: NdisFunctionEntry<CallOf<F>> } = {
  NdisInitiateOffload: request('NdisInitiateOffload'),
  NdisTerminateOffload: request('NdisTerminateOffload'),
  NdisUpdateOffload: request('NdisUpdateOffload'),
  NdisInvalidateOffload: request('NdisInvalidateOffload'),
  NdisQueryOffloadState: request('NdisQueryOffloadState'),
  NdisMInitiateOffloadComplete: completion('NdisMInitiateOffloadComplete'),
  NdisMTerminateOffloadComplete: completion('NdisMTerminateOffloadComplete'),
  NdisMUpdateOffloadComplete: completion('NdisMUpdateOffloadComplete'),
  NdisMInvalidateOffloadComplete: completion('NdisMInvalidateOffloadComplete'),
  NdisMQueryOffloadStateComplete: completion('NdisMQueryOffloadStateComplete'),
  NdisTcpOffloadEventHandler: {
    handler: 'ProtocolTcpOffloadEvent',
    crossing: ({ NdisOffloadHandle: handle, EventType, EventSpecificInformation }, at) => ({ kind: 'event', ...at, handle, EventType, EventSpecificInformation }),
    objects: ({ NdisOffloadHandle }) => [NdisOffloadHandle.label],
    args: ({ NdisOffloadHandle, EventType, EventSpecificInformation }) => ({ NdisOffloadHandle: handleKey(NdisOffloadHandle), EventType, EventSpecificInformation }),
  },
  NdisMOffloadEventIndicate: {
    handler: 'ProtocolIndicateOffloadEvent',
    crossing: ({ P, IndicationCode }, at) => ({ kind: 'offloadEvent', ...at, P, IndicationCode }),
    objects: ({ M }) => objectsOfTree(M),
    args: ({ M, IndicationCode }, at) => ({ NdisMiniportHandle: at.caller, OffloadBlockList: snapshotTree(M, false), IndicationCode }),
  },
  NdisMIndicateStatusEx: {
    handler: 'ProtocolStatusEx',
    crossing: ({ StatusCode }, at) => ({ kind: 'status', ...at, StatusCode }),
    objects: () => [],
    args: ({ StatusCode }, at) => ({ NdisMiniportHandle: at.caller, StatusCode }),
  },
  NdisMIndicateReceiveNetBufferLists: frame('NdisMIndicateReceiveNetBufferLists', 'NdisMiniportHandle'),
  NdisSendNetBufferLists: frame('NdisSendNetBufferLists', 'NdisBindingHandle'),
  NdisOffloadTcpSend: dataIo('NdisOffloadTcpSend'),
  NdisOffloadTcpDisconnect: dataIo('NdisOffloadTcpDisconnect'),
  NdisOffloadTcpReceive: dataIo('NdisOffloadTcpReceive'),
  NdisOffloadTcpForward: dataIo('NdisOffloadTcpForward'),
  NdisOffloadTcpReceiveReturn: {
    handler: 'MiniportTcpOffloadReceiveReturn',
    crossing: () => null,
    objects: ({ NetBufferLists }) => connectionsOf(NetBufferLists),
    args: ({ NetBufferLists }, at) => ({ NdisBindingHandle: bindingText(at), NetBufferList: nblsText(NetBufferLists) }),
    returned: ({ NetBufferLists }, at, { Status }) => ({ kind: 'receiveReturn', ...at, NetBufferLists, Status }),
  },
  NdisTcpOffloadSendComplete: dataComplete('NdisTcpOffloadSendComplete'),
  NdisTcpOffloadDisconnectComplete: dataComplete('NdisTcpOffloadDisconnectComplete'),
  NdisTcpOffloadReceiveComplete: dataComplete('NdisTcpOffloadReceiveComplete'),
  NdisTcpOffloadForwardComplete: dataComplete('NdisTcpOffloadForwardComplete'),
  NdisTcpOffloadReceiveHandler: {
    handler: 'ProtocolTcpOffloadReceiveIndicate',
    crossing: ({ NdisOffloadHandle: handle, NetBufferList, Status }, at) => ({ kind: 'receiveIndicate', ...at, handle, NetBufferList, Status }),
    objects: ({ NdisOffloadHandle }) => [NdisOffloadHandle.label],
    args: ({ NdisOffloadHandle, NetBufferList, Status }) => ({ NdisOffloadHandle: handleKey(NdisOffloadHandle), NetBufferList: nblText(NetBufferList), Status }),
    returned: ({ NdisOffloadHandle: handle, NetBufferList }, at, { Status, BytesConsumed = 0 }) => ({ kind: 'receiveIndicateReturn', ...at, handle, NetBufferList, Status, BytesConsumed }),
  },
};

/** What a handler returned, as an NDIS_STATUS (NaN when it returned none: the rulebook reports it). */
export function statusOf(r: unknown): number {
  return typeof r === 'number' ? r : Number.NaN;
}

/** What ProtocolTcpOffloadReceiveIndicate returned (NaN Status when it returned nothing usable). */
export function resultOf(r: unknown): ReceiveIndicateResult {
  const o = r as Partial<ReceiveIndicateResult> | null | undefined;
  return { Status: typeof o?.Status === 'number' ? o.Status : Number.NaN, BytesConsumed: typeof o?.BytesConsumed === 'number' ? o.BytesConsumed : 0 };
}

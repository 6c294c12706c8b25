/**
 * NDIS, the router. Layers never hold references to each other: each calls the NDIS library it was
 * given, and NDIS calls the handler of the next layer in the binding order (host -> IM1 ... IMn ->
 * target), converting block lists between protocol and miniport form and recording every crossing.
 *
 * Timing model:
 * - Requests going down are delivered at once (the miniport handler stores the tree and returns).
 * - A completion or indication a layer makes on its own becomes a pending item in the scheduler; when
 *   delivered, it travels up. An intermediate driver that relays it from inside its handler relays at
 *   once, in the same delivery.
 * - NDIS never re-enters a layer: a call to a layer that is still inside a handler waits until that
 *   handler returns (the call is recorded when it is made).
 */
import { blocksOf, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../ndis/blockList.js';
import {
  NDIS_ROUTES,
  OFFLOAD_OPERATION_CALLS,
  type NDIS_STATUS_INDICATION,
  type ReceivedFrame,
  type NdisBindingHandle,
  type NdisEdgeEvent,
  type NdisFunction,
  type NdisLibrary,
  type NdisMiniportHandle,
  type OffloadOperation,
  type ReceiveIndicateResult,
} from '../ndis/calls.js';
import type { NDIS_OFFLOAD_HANDLE } from '../ndis/NDIS_OFFLOAD_HANDLE.js';
import { hex32 } from '../ndis/enumeration.js';
import { NDIS_STATUS, NdisStatusEnum } from '../ndis/NDIS_STATUS.js';
import { netBufferListsOf, type NET_BUFFER_LIST } from '../ndis/NET_BUFFER_LIST.js';
import type { TcpOffloadStructures } from '../ndis/stateStructures.js';
import { TCP_OFFLOAD_EVENT_TYPE, TcpOffloadEventTypeEnum } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { fourTupleText } from '../layers/offloadTarget/TargetObject.js';
import { segmentText } from '../wire/Segment.js';
import type { DataCompleteFunction, DataIoFunction } from '../rules/Crossing.js';
import type { Rulebook } from '../rules/Rulebook.js';
import type { PendingKind } from '../scheduler/PendingItem.js';
import type { Scheduler } from '../scheduler/Scheduler.js';
import type { Trace } from '../trace/Trace.js';
import type { CallEvent, TraceValue } from '../trace/TraceEvent.js';
import { copyCompletionToProtocolForm, toMiniportForm, toProtocolForm } from './convertBlockList.js';
import type { LayerEndpoint } from './LayerEndpoint.js';
import { handlesOfTree, objectsOfTree, snapshotTree } from './snapshot.js';

/** The (empty) arguments of a pend event: the call's own arguments are recorded when it crosses. */
const NO_ARGS: Record<string, TraceValue> = Object.freeze({}) as Record<string, TraceValue>;

interface Outstanding {
  op: OffloadOperation;
  P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
}

export class Ndis {
  private layers: LayerEndpoint[] = [];
  /** The target's initiate completions being delivered right now (their calls have not returned yet). */
  private readonly initiatesReturning: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST[] = [];
  /** Per layer: inside one of its handlers right now. */
  private busy: boolean[] = [];
  /** Per layer: inside a handler for an up-call (so an up-call it makes is a relay). */
  private upcallDepth: number[] = [];
  private waiting: Array<() => void> = [];
  private depth = 0;
  /** Per miniport edge (layer index): the trees it was given and has not completed. */
  private outstanding: Array<Map<NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, Outstanding>> = [];
  /** The pending item being delivered, for the trace. */
  private currentItem: number | undefined;

  constructor(
    private readonly trace: Trace,
    private readonly scheduler: Scheduler,
    private readonly rules: Rulebook,
  ) {}

  /** Binds the layers, top (host) to bottom (target). */
  attach(layers: readonly LayerEndpoint[]): void {
    this.layers = [...layers];
    this.busy = layers.map(() => false);
    this.upcallDepth = layers.map(() => 0);
    this.outstanding = layers.map(() => new Map());
  }

  /** The binding handle of layer `index` for the binding to the layer below it. */
  bindingHandle(index: number): NdisBindingHandle {
    return { kind: 'NdisBindingHandle', layer: index };
  }

  /** The miniport handle of layer `index` (its miniport edge). */
  miniportHandle(index: number): NdisMiniportHandle {
    return { kind: 'NdisMiniportHandle', layer: index };
  }

  /** The NDIS library as layer `index` sees it. */
  library(index: number): NdisLibrary {
    const request = (op: OffloadOperation) => (h: NdisBindingHandle, P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) =>
      this.request(h.layer, op, P);
    const complete = (op: OffloadOperation) => (h: NdisMiniportHandle, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) =>
      this.complete(h.layer, op, M);
    return {
      NdisInitiateOffload: request('Initiate'),
      NdisTerminateOffload: request('Terminate'),
      NdisUpdateOffload: request('Update'),
      NdisInvalidateOffload: request('Invalidate'),
      NdisQueryOffloadState: request('Query'),
      NdisMInitiateOffloadComplete: complete('Initiate'),
      NdisMTerminateOffloadComplete: complete('Terminate'),
      NdisMUpdateOffloadComplete: complete('Update'),
      NdisMInvalidateOffloadComplete: complete('Invalidate'),
      NdisMQueryOffloadStateComplete: complete('Query'),
      NdisTcpOffloadEventHandler: (handle, EventType, Info) => this.tcpOffloadEvent(index, handle, EventType, Info),
      NdisMOffloadEventIndicate: (h, M, IndicationCode) => this.offloadEventIndicate(h.layer, M, IndicationCode),
      NdisMIndicateStatusEx: (h, StatusIndication) => this.indicateStatus(h.layer, StatusIndication),
      NdisOffloadTcpSend: (handle, NetBufferList) => this.dataIo(index, 'NdisOffloadTcpSend', handle, NetBufferList),
      NdisOffloadTcpDisconnect: (handle, NetBufferList, Flags) => this.dataIo(index, 'NdisOffloadTcpDisconnect', handle, NetBufferList, Flags),
      NdisTcpOffloadDisconnectComplete: (h, NetBufferList) => this.dataComplete(h.layer, 'NdisTcpOffloadDisconnectComplete', NetBufferList),
      NdisTcpOffloadSendComplete: (h, NetBufferList) => this.dataComplete(h.layer, 'NdisTcpOffloadSendComplete', NetBufferList),
      NdisMIndicateReceiveNetBufferLists: (h, NetBufferLists) => this.indicateReceive(h.layer, NetBufferLists),
      NdisOffloadTcpReceive: (handle, NetBufferList) => this.dataIo(index, 'NdisOffloadTcpReceive', handle, NetBufferList),
      NdisOffloadTcpForward: (handle, NetBufferList) => this.dataIo(index, 'NdisOffloadTcpForward', handle, NetBufferList),
      NdisTcpOffloadReceiveComplete: (h, NetBufferList) => this.dataComplete(h.layer, 'NdisTcpOffloadReceiveComplete', NetBufferList),
      NdisTcpOffloadForwardComplete: (h, NetBufferList) => this.dataComplete(h.layer, 'NdisTcpOffloadForwardComplete', NetBufferList),
      NdisTcpOffloadReceiveHandler: (handle, NetBufferList, Status) => this.receiveIndicate(index, handle, NetBufferList, Status),
      NdisOffloadTcpReceiveReturn: (h, NetBufferList) => this.receiveReturn(h.layer, NetBufferList),
    };
  }

  /** True while an NdisMInitiateOffloadComplete that `layer` made about `handle` waits in the scheduler (the call has not returned). */
  initiateCompletionPending(layer: number, handle: unknown): boolean {
    const caller = this.name(layer);
    if (this.initiatesReturning.some((M) => handlesOfTree(M).has(handle))) return true;
    return this.scheduler.all().some((i) => i.fn === 'NdisMInitiateOffloadComplete' && i.caller === caller && i.handles.has(handle));
  }

  // ---- requests (down) ----

  private request(caller: number, op: OffloadOperation, P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void {
    const callee = caller + 1;
    const names = OFFLOAD_OPERATION_CALLS[op];
    const M = toMiniportForm(P)!;
    this.outstanding[callee]!.set(M, { op, P });
    this.rules.crossing({ kind: 'request', op, binding: caller, caller: this.name(caller), callee: this.name(callee), P, M });
    if (this.trace.wanted) {
      this.recordCall(names.request, caller, callee, objectsOfTree(M), {
        NdisBindingHandle: `${this.name(caller)}→${this.name(callee)}`,
        OffloadBlockList: snapshotTree(M, op === 'Initiate'),
      });
    }
    this.deliver(callee, { type: names.handler, OffloadBlockList: M }, false);
  }

  // ---- data I/O (down) ----

  /**
   * Data I/O (NdisOffloadTcpSend, NdisOffloadTcpDisconnect): NDIS hands the callee what the caller's
   * handle slot holds (its own context for the connection) and the same NBL. The callee's return value
   * comes back to the caller; if the callee is busy the call waits, and the caller gets
   * NDIS_STATUS_PENDING, as documented for every data I/O call.
   */
  private dataIo(caller: number, fn: DataIoFunction, handle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST, Flags = 0): number {
    const callee = caller + 1;
    const crossing = { binding: caller, caller: this.name(caller), callee: this.name(callee), fn, handle };
    this.rules.crossing({ ...crossing, kind: 'io', NetBufferList });
    if (this.trace.wanted) {
      this.recordCall(fn, caller, callee, [handle.label], {
        NdisOffloadHandle: handle.toString(),
        NetBufferList: NetBufferList.toString(),
        ...(fn === 'NdisOffloadTcpDisconnect' ? { Flags } : {}),
      });
    }
    const returns = { Status: NDIS_STATUS.NDIS_STATUS_PENDING };
    const MiniportOffloadContext = handle.deref();
    const event: NdisEdgeEvent =
      fn === 'NdisOffloadTcpDisconnect'
        ? { type: 'MiniportTcpOffloadDisconnect', MiniportOffloadContext, NetBufferList, Flags, returns }
        : { type: NDIS_ROUTES[fn].handler, MiniportOffloadContext, NetBufferList, returns };
    if (this.deliver(callee, event, false)) {
      this.rules.crossing({ ...crossing, kind: 'ioReturn', Status: returns.Status });
      if (this.trace.wanted) {
        this.trace.record({ kind: 'return', fn, caller: this.name(caller), callee: this.name(callee), objects: [handle.label], Status: returns.Status });
      }
    }
    return returns.Status;
  }

  // ---- completions and indications (up) ----

  /** NdisMIndicateReceiveNetBufferLists: the normal receive path, up to the host stack's own TCP. */
  private indicateReceive(caller: number, NetBufferLists: ReceivedFrame): void {
    const tuple = fourTupleText(NetBufferLists.segment.connection);
    const cross = () => {
      if (this.trace.wanted) {
        this.recordCall('NdisMIndicateReceiveNetBufferLists', caller, caller - 1, [tuple], {
          NdisMiniportHandle: this.name(caller),
          NetBufferLists: `${tuple} ${segmentText(NetBufferLists.segment)}`,
        });
      }
      this.deliver(caller - 1, { type: 'ProtocolReceiveNetBufferLists', NetBufferLists }, true);
    };
    this.upCall(caller, 'NdisMIndicateReceiveNetBufferLists', 'indication', cross, () => ({
      objects: [tuple], handles: new Set([`rx ${tuple}`]), isTerminate: false, carries: NetBufferLists.segment,
      label: `NdisMIndicateReceiveNetBufferLists(${tuple} ${segmentText(NetBufferLists.segment)})`,
    }));
  }

  /**
   * NdisTcpOffloadReceiveReturn: NBLs the host kept from receive indications go back down; the handler
   * returns at once (always NDIS_STATUS_SUCCESS) and nothing completes later.
   */
  private receiveReturn(caller: number, NetBufferList: NET_BUFFER_LIST): number {
    const callee = caller + 1;
    const fn = 'NdisOffloadTcpReceiveReturn';
    const nbls = netBufferListsOf(NetBufferList);
    const objects = [...new Set(nbls.map((n) => n.connection))];
    if (this.trace.wanted) {
      this.recordCall(fn, caller, callee, objects, { NdisBindingHandle: `${this.name(caller)}→${this.name(callee)}`, NetBufferList: nbls.map(String).join(', ') });
    }
    const returns = { Status: NDIS_STATUS.NDIS_STATUS_SUCCESS };
    const ran = this.deliver(callee, { type: 'MiniportTcpOffloadReceiveReturn', NetBufferList, returns }, false);
    this.rules.crossing({ kind: 'receiveReturn', binding: caller, caller: this.name(caller), callee: this.name(callee), NetBufferLists: nbls, Status: returns.Status });
    if (ran && this.trace.wanted) this.trace.record({ kind: 'return', fn, caller: this.name(caller), callee: this.name(callee), objects, Status: returns.Status });
    return returns.Status;
  }

  /**
   * NdisTcpOffloadReceiveHandler: received data offered up. A relay made inside a handler crosses now
   * and returns the upper layer's result; the target's own call waits in the scheduler like any
   * indication, and its result reaches the target as NdisTcpOffloadReceiveHandlerReturned.
   */
  private receiveIndicate(caller: number, handle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST, Status: number): ReceiveIndicateResult | null {
    let result: ReceiveIndicateResult | null = null;
    const fn = 'NdisTcpOffloadReceiveHandler';
    const cross = () => {
      const names = { binding: caller - 1, caller: this.name(caller), callee: this.name(caller - 1), handle, NetBufferList };
      this.rules.crossing({ ...names, kind: 'receiveIndicate', Status });
      if (this.trace.wanted) {
        this.recordCall(fn, caller, caller - 1, [handle.label], { NdisOffloadHandle: handle.toString(), NetBufferList: NetBufferList.toString(), Status });
      }
      const returns: ReceiveIndicateResult = { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, BytesConsumed: 0 };
      this.deliver(caller - 1, { type: 'ProtocolTcpOffloadReceiveIndicate', OffloadContext: handle, NetBufferList, Status, returns }, true);
      this.rules.crossing({ ...names, kind: 'receiveIndicateReturn', Status: returns.Status, BytesConsumed: returns.BytesConsumed });
      if (this.trace.wanted) {
        this.trace.record({
          kind: 'return', fn, caller: this.name(caller), callee: this.name(caller - 1), objects: [handle.label], Status: returns.Status, BytesConsumed: returns.BytesConsumed,
        });
      }
      result = returns;
    };
    const relay = (this.upcallDepth[caller] ?? 0) > 0;
    this.upCall(caller, fn, 'indication', relay ? cross : () => {
      cross();
      this.deliver(caller, { type: 'NdisTcpOffloadReceiveHandlerReturned', NetBufferList, result: result! }, false);
    }, () => ({
      objects: [handle.label], handles: new Set([handle]), isTerminate: false, orderKey: receiveOrderKey(NetBufferList.connection),
      label: `${fn}(${handle.label}, ${NetBufferList.toString()})`, carries: [NetBufferList],
    }));
    return relay ? result : null;
  }

  /** NdisTcpOffloadSendComplete and the other data I/O completions: the same NBLs go up to the protocol edge above. */
  private dataComplete(caller: number, fn: DataCompleteFunction, NetBufferList: NET_BUFFER_LIST): void {
    const nbls = netBufferListsOf(NetBufferList);
    const objects = [...new Set(nbls.map((n) => n.connection))];
    const cross = () => {
      this.rules.crossing({ kind: 'ioComplete', fn, binding: caller - 1, caller: this.name(caller), callee: this.name(caller - 1), NetBufferLists: nbls });
      if (this.trace.wanted) {
        this.recordCall(fn, caller, caller - 1, objects, {
          NdisMiniportHandle: this.name(caller),
          NetBufferList: nbls.map((n) => `${n.toString()} ${NdisStatusEnum.nameOf(n.Status) ?? hex32(n.Status)}`).join(', '),
        });
      }
      this.deliver(caller - 1, { type: NDIS_ROUTES[fn].handler, NetBufferList }, true);
    };
    // The connections' handles (kept by the target in MiniportReserved): a terminate completion waits for this one.
    // One connection's send (and disconnect) completions keep the order the target made them in (reference
    // §6.6, §6.9); so do its receive completions and receive indications (§6.7).
    this.upCall(caller, fn, 'completion', cross, () => ({
      objects, handles: new Set(nbls.map((n) => n.MiniportReserved).filter((h) => h !== null)), isTerminate: false,
      label: `${fn}(${nbls.map(String).join(', ')})`, carries: nbls, orderKey: completionOrderKey(fn, nbls[0]!.connection),
    }));
  }

  private complete(caller: number, op: OffloadOperation, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
    const fn = OFFLOAD_OPERATION_CALLS[op].complete;
    const cross = () => {
      const entry = this.outstanding[caller]!.get(M);
      const P = entry && entry.op === op ? entry.P : null;
      if (P) copyCompletionToProtocolForm(M);
      this.rules.crossing({ kind: 'completion', op, binding: caller - 1, caller: this.name(caller), callee: this.name(caller - 1), M, P });
      if (this.trace.wanted) {
        this.recordCall(fn, caller, caller - 1, objectsOfTree(M), {
          NdisMiniportHandle: this.name(caller),
          OffloadBlockList: snapshotTree(M, false),
        });
      }
      if (!P) return; // NDIS cannot map an unknown tree back to its caller: the call goes nowhere.
      this.outstanding[caller]!.delete(M);
      this.deliver(caller - 1, { type: OFFLOAD_OPERATION_CALLS[op].completeHandler, OffloadBlockList: P }, true);
    };
    // The target may indicate receive data only once its NdisMInitiateOffloadComplete has returned (reference
    // §6.1), and reports corrupt hardware only after its failed query or invalidate completed (§6.2): when
    // such a call waited in the scheduler, its return reaches the target after the delivery, if it wants it.
    const relay = (this.upcallDepth[caller] ?? 0) > 0;
    const layer = this.layers[caller];
    const returned = !relay && layer?.wantsReturn
      ? () => {
          // While the layer above handles the completion, the call has not returned yet.
          if (op === 'Initiate') this.initiatesReturning.push(M);
          try {
            cross();
          } finally {
            if (op === 'Initiate') this.initiatesReturning.pop();
          }
          if (layer.wantsReturn!(op)) this.deliver(caller, { type: 'NdisMOffloadCompleteReturned', op, OffloadBlockList: M }, false);
        }
      : cross;
    this.upCall(caller, fn, 'completion', returned, () => {
      const objects = objectsOfTree(M);
      // A terminate completion carries the data handed back (send chain, BufferedData): in flight until it is delivered.
      const carries = op === 'Terminate' ? blocksOf(M).flatMap(handedBack) : undefined;
      return { objects, handles: handlesOfTree(M), isTerminate: op === 'Terminate', label: `${fn}(${summarize(objects)})`, carries };
    });
  }

  private tcpOffloadEvent(caller: number, handle: NDIS_OFFLOAD_HANDLE, EventType: number, EventSpecificInformation: number): void {
    const cross = () => {
      this.rules.crossing({
        kind: 'event', binding: caller - 1, caller: this.name(caller), callee: this.name(caller - 1), handle, EventType, EventSpecificInformation,
      });
      if (this.trace.wanted) {
        this.recordCall('NdisTcpOffloadEventHandler', caller, caller - 1, [handle.label], {
          NdisOffloadHandle: handle.toString(),
          EventType,
          EventSpecificInformation,
        });
      }
      this.deliver(caller - 1, { type: 'ProtocolTcpOffloadEvent', OffloadContext: handle, EventType, EventSpecificInformation }, true);
    };
    this.upCall(caller, 'NdisTcpOffloadEventHandler', 'indication', cross, () => ({
      objects: [handle.label],
      handles: new Set([handle]),
      isTerminate: false,
      // TcpIndicateDisconnect comes after the data before the FIN (reference §6.9): it keeps its place behind it.
      orderKey: EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect ? receiveOrderKey(handle.label) : undefined,
      label: `NdisTcpOffloadEventHandler(${handle.label}, ${eventName(EventType)})`,
    }));
  }

  private offloadEventIndicate(caller: number, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, IndicationCode: number): void {
    const cross = () => {
      const P = toProtocolForm(M)!;
      this.rules.crossing({ kind: 'offloadEvent', binding: caller - 1, caller: this.name(caller), callee: this.name(caller - 1), P, IndicationCode });
      if (this.trace.wanted) {
        this.recordCall('NdisMOffloadEventIndicate', caller, caller - 1, objectsOfTree(M), {
          NdisMiniportHandle: this.name(caller),
          OffloadBlockList: snapshotTree(M, false),
          IndicationCode,
        });
      }
      this.deliver(caller - 1, { type: 'ProtocolIndicateOffloadEvent', OffloadBlockList: P, IndicationCode }, true);
    };
    this.upCall(caller, 'NdisMOffloadEventIndicate', 'indication', cross, () => {
      const objects = objectsOfTree(M);
      return { objects, handles: new Set([M.NdisOffloadHandle]), isTerminate: false, label: `NdisMOffloadEventIndicate(${summarize(objects)})` };
    });
  }

  private indicateStatus(caller: number, StatusIndication: NDIS_STATUS_INDICATION): void {
    const cross = () => {
      this.rules.crossing({ kind: 'status', binding: caller - 1, caller: this.name(caller), callee: this.name(caller - 1), StatusCode: StatusIndication.StatusCode });
      if (this.trace.wanted) {
        this.recordCall('NdisMIndicateStatusEx', caller, caller - 1, [], { NdisMiniportHandle: this.name(caller), StatusCode: StatusIndication.StatusCode });
      }
      this.deliver(caller - 1, { type: 'ProtocolStatusEx', StatusIndication }, true);
    };
    this.upCall(caller, 'NdisMIndicateStatusEx', 'status', cross, () => ({
      objects: [],
      handles: new Set(),
      isTerminate: false,
      label: `NdisMIndicateStatusEx(${statusName(StatusIndication.StatusCode)})`,
    }));
  }

  /**
   * A relay (made inside an up-call handler) crosses now; anything else waits in the scheduler.
   * `describe` is only called for a call that waits: relays cost nothing extra.
   */
  private upCall(
    caller: number,
    fn: NdisFunction,
    kind: PendingKind,
    cross: () => void,
    describe: () => {
      objects: string[]; handles: Set<unknown>; isTerminate: boolean; label: string; carries?: unknown; orderKey?: string | undefined;
    },
  ): void {
    if (caller === 0) throw new Error(`${fn}: the host stack has no layer above it`);
    if ((this.upcallDepth[caller] ?? 0) > 0) return cross();
    const { objects, handles, isTerminate, label, carries, orderKey } = describe();
    const item = this.scheduler.add({
      fn, kind, caller: this.name(caller), objects, handles, isTerminate, label, carries, orderKey,
      deliver: () => {
        this.currentItem = item.id;
        try {
          cross();
        } finally {
          this.currentItem = undefined;
        }
      },
    });
    if (this.trace.wanted) {
      this.trace.record({ kind: 'pend', item: item.id, fn, caller: this.name(caller), objects, args: NO_ARGS });
    }
  }

  // ---- delivery ----

  /** Calls the callee's handler now, or after its current handler returns; true when it ran now. */
  private deliver(callee: number, event: NdisEdgeEvent, up: boolean): boolean {
    const run = () => {
      this.busy[callee] = true;
      if (up) this.upcallDepth[callee]!++;
      this.depth++;
      try {
        this.layers[callee]!.receive(event);
      } finally {
        this.depth--;
        if (up) this.upcallDepth[callee]!--;
        this.busy[callee] = false;
      }
      if (this.depth === 0) this.drain();
    };
    if (this.busy[callee]) {
      this.waiting.push(run);
      return false;
    }
    run();
    return true;
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.depth === 0) this.waiting.shift()!();
  }

  private recordCall(fn: NdisFunction, caller: number, callee: number, objects: string[], args: Record<string, TraceValue>): void {
    const event: Omit<CallEvent, 'seq' | 'time'> = {
      kind: 'call', fn, handler: NDIS_ROUTES[fn].handler, caller: this.name(caller), callee: this.name(callee), objects, args,
    };
    if (this.currentItem !== undefined) event.item = this.currentItem;
    this.currentItem = undefined;
    this.trace.record(event);
  }

  private name(index: number): string {
    return this.layers[index]?.name ?? `layer${index}`;
  }
}

/** The NBLs a terminate hands back on one node: the outstanding send chain, and the buffered receive data. */
function handedBack(node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): NET_BUFFER_LIST[] {
  const sent = netBufferListsOf(node.NetBufferListChain);
  const buffered = (node.State as TcpOffloadStructures | null)?.Delegated?.BufferedData;
  return buffered ? [...sent, buffered] : sent;
}

/** The ordering key of a data completion: send and disconnect completions in one line, receive completions in another. */
function completionOrderKey(fn: DataCompleteFunction, connection: string): string | undefined {
  if (fn === 'NdisTcpOffloadReceiveComplete') return receiveOrderKey(connection);
  if (fn === 'NdisTcpOffloadSendComplete' || fn === 'NdisTcpOffloadDisconnectComplete') return `send ${connection}`;
  return undefined;
}

/** The scheduler's ordering key of a connection's receive path: completions, indications and TcpIndicateDisconnect. */
export function receiveOrderKey(connection: string): string {
  return `receive ${connection}`;
}

function eventName(type: number): string {
  return TcpOffloadEventTypeEnum.nameOf(type) ?? `EventType ${type}`;
}

function statusName(code: number): string {
  return NdisStatusEnum.nameOf(code) ?? hex32(code);
}

function summarize(objects: readonly string[]): string {
  return objects.length <= 3 ? objects.join(', ') : `${objects.slice(0, 3).join(', ')} … ${objects.length} objects`;
}

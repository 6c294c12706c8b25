/**
 * NDIS, the router. Layers never hold references to each other: each calls the NDIS library it was
 * given, and NDIS calls the handler of the next layer in the binding order (host -> IM1 ... IMn ->
 * target), converting block lists between protocol and miniport form, keeping the offload handles'
 * context slots, and offering every crossing to the rulebook and the trace.
 *
 * Timing model:
 * - Requests going down are delivered at once (the miniport handler stores the tree and returns).
 * - A completion or indication a layer makes on its own becomes a pending item in the scheduler; when
 *   delivered, it travels up, and then the caller hears that its call returned (CallReturned). An
 *   intermediate driver that relays it from inside its handler relays at once, in the same delivery.
 * - NDIS never re-enters a layer: a call to a layer that is still inside a handler waits until that
 *   handler returns (the call is recorded when it is made).
 *
 * Data: NDIS's own bookkeeping (the context slots, the trees each miniport edge holds, the NBL and tree
 * numbering) is plain data in the simulation state (`NdisState`). What a call carries — block lists and
 * the state structures after them, NBLs — passes from the caller to the callee, as memory does in C: the
 * caller keeps nothing of it (a completed tree, a completed NBL is gone from the layer that completed it),
 * so no two layers ever hold the same record. Small values a layer keeps and passes on (its handles) are
 * copied.
 */
import { cloneData } from '../../data/cloneData.js';
import { blocksOf, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import {
  NDIS_ROUTES,
  OFFLOAD_OPERATION_CALLS,
  type DataCompleteFunction,
  type DataIoFunction,
  type Frame,
  type NdisBindingHandle,
  type NdisEdgeEvent,
  type NdisMiniportHandle,
  type OffloadCompleteFunction,
  type OffloadOperation,
  type ReceiveIndicateResult,
  type ReturnedCall,
  type UpCall,
} from '../../ndis/calls.js';
import type { TargetNicEvent } from '../../drivers/OffloadTarget.js';
import type { NdisLibrary } from '../../ndis/NdisLibrary.js';
import { handleKey, type NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { NDIS_STATUS, offloadSucceeded } from '../../ndis/NDIS_STATUS.js';
import {
  createNetBufferList,
  netBufferListsOf,
  type NET_BUFFER_LIST,
  type Reserved,
} from '../../ndis/NET_BUFFER_LIST.js';
import type { TcpOffloadStructures } from '../../ndis/stateStructures.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import type { Rulebook } from '../../rules/Rulebook.js';
import type { PendingItem, UpCallKind } from '../../scheduler/PendingItem.js';
import type { Scheduler } from '../../scheduler/Scheduler.js';
import type { Trace } from '../../trace/Trace.js';
import type { CallEvent, TraceValue } from '../../trace/TraceEvent.js';
import { fourTupleText } from '../../wire/FourTuple.js';
import {
  completionToProtocolForm,
  contextOfSlot,
  slotOfContext,
  toMiniportForm,
  toProtocolForm,
  type CallerNode,
  type ContextSlots,
  type LayersBelow,
} from './convertBlockList.js';
import { NDIS_FUNCTIONS, resultOf, statusOf, type CallResult, type CrossingCall, type CrossingPlace, type NdisFunctionEntry } from './ndisFunctions.js';
import { handlesOfTree, objectsOfTree } from './treeText.js';

/** A tree a miniport edge was given and has not completed: the operation, and what NDIS keeps of the caller's nodes. */
export interface OutstandingTree {
  op: OffloadOperation;
  nodes: CallerNode[];
}

/** NDIS's part of the simulation state. */
export interface NdisState {
  /** The offload handles' context slots, by the handle's owner and id: what the layer below wrote for the object. */
  contexts: ContextSlots;
  /** Per miniport edge (layer index): the trees it was given and has not completed, by `t<tree number>`. */
  outstanding: Array<Record<number, OutstandingTree>>;
  /** The number of the next tree NDIS converts for a miniport edge (written in its NdisReserved). */
  nextTreeId: number;
  /** The id of the next NBL (NdisAllocateNetBufferList): one numbering for the whole simulation. */
  nextNblId: number;
}

export function createNdisState(layers: number): NdisState {
  return { contexts: {}, outstanding: Array.from({ length: layers }, () => ({})), nextTreeId: 1, nextNblId: 1 };
}

/** A call to a layer's handler: the handler's name, and its arguments by their C names. */
export type LayerEvent = NdisEdgeEvent | TargetNicEvent | { readonly type: 'CallReturned' | 'NetTimerCallback' };

/** What NDIS needs of a layer: its name and a way to call its handlers. */
export interface LayerEndpoint {
  /** `host`, `IM1` ... `IMn`, `target`. */
  readonly name: string;
  /** NDIS calls the layer's handler named `event.type`; what it returns goes back to the caller. */
  receive(event: LayerEvent): unknown;
  /** An up-call this layer made, which waited in the scheduler, has returned. */
  callReturned?(call: ReturnedCall): void;
  /** A timer this layer set has fired (NetTimerCallback). */
  timerFired?(TimerObject: string, FunctionContext: Reserved): void;
}

/** The (empty) arguments of a pend event: the call's own arguments are recorded when it crosses. */
const NO_ARGS: Record<string, TraceValue> = Object.freeze({}) as Record<string, TraceValue>;

export class Ndis {
  private layers: LayerEndpoint[] = [];
  /** The name of the layer below each layer, by the name of the one above (whose ids the context slots' numbers are). */
  private below: LayersBelow = {};
  /** Per layer: inside one of its handlers right now. */
  private busy: boolean[] = [];
  /** Per layer: inside a handler for an up-call (so an up-call it makes is a relay). */
  private upcallDepth: number[] = [];
  private waiting: Array<() => void> = [];
  private depth = 0;
  /** The pending item being delivered, for the trace. */
  private currentItem: number | undefined;
  /** The layer whose handler is running (the innermost one): the caller of any NDIS function called now; -1 when none. */
  private current = -1;
  /** The NDIS library every layer is given: one for the simulation, as the caller is the layer whose handler runs. */
  readonly library: NdisLibrary = this.makeLibrary();

  constructor(
    private readonly state: NdisState,
    private readonly trace: Trace,
    private readonly scheduler: Scheduler,
    private readonly rules: Rulebook,
  ) {}

  /** Binds the layers, top (host) to bottom (target). */
  attach(layers: readonly LayerEndpoint[]): void {
    this.layers = [...layers];
    const below: Record<string, string> = {};
    for (let i = 0; i + 1 < layers.length; i++) below[layers[i]!.name] = layers[i + 1]!.name;
    this.below = below;
    this.busy = layers.map(() => false);
    this.upcallDepth = layers.map(() => 0);
  }

  /** The binding handle of layer `index` for the binding to the layer below it. */
  bindingHandle(index: number): NdisBindingHandle {
    return { kind: 'NdisBindingHandle', layer: index };
  }

  /** The miniport handle of layer `index` (its miniport edge). */
  miniportHandle(index: number): NdisMiniportHandle {
    return { kind: 'NdisMiniportHandle', layer: index };
  }

  /** True while nothing is being delivered: the state is whole (no handler half-way). */
  get idle(): boolean {
    return this.depth === 0 && this.waiting.length === 0;
  }

  /**
   * Runs `body` as a call into layer `layer` from outside NDIS (a command of the simulation, a segment
   * from the wire): NDIS functions it calls are that layer's.
   */
  enter<T>(layer: number, body: () => T): T {
    const outer = this.current;
    this.current = layer;
    try {
      return body();
    } finally {
      this.current = outer;
    }
  }

  /** The layer calling an NDIS function now (the one whose handler runs). */
  private caller(fn: string): number {
    if (this.current < 0) throw new Error(`${fn} was called outside any handler (a driver calls NDIS only while NDIS is calling it)`);
    return this.current;
  }

  private makeLibrary(): NdisLibrary {
    const request = (op: OffloadOperation) => (h: NdisBindingHandle, P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST) => this.request(h.layer, op, P);
    const complete = (op: OffloadOperation) => (h: NdisMiniportHandle, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) => this.complete(h.layer, op, M);
    const dataComplete = (fn: DataCompleteFunction) => (h: NdisMiniportHandle, NetBufferList: NET_BUFFER_LIST) => this.upCall(h.layer, { fn, NetBufferList });
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
      NdisTcpOffloadEventHandler: (handle, EventType, EventSpecificInformation) =>
        this.upCall(this.caller('NdisTcpOffloadEventHandler'), { fn: 'NdisTcpOffloadEventHandler', NdisOffloadHandle: { ...handle }, EventType, EventSpecificInformation }),
      NdisMOffloadEventIndicate: (h, M, IndicationCode) => this.upCall(h.layer, { fn: 'NdisMOffloadEventIndicate', OffloadBlockList: M, IndicationCode }),
      NdisMIndicateStatusEx: (h, StatusIndication) => this.upCall(h.layer, { fn: 'NdisMIndicateStatusEx', StatusIndication: { ...StatusIndication } }),
      NdisSendNetBufferLists: (h, NetBufferLists) => this.sendNetBufferLists(h.layer, NetBufferLists),
      NdisMIndicateReceiveNetBufferLists: (h, NetBufferLists) => this.upCall(h.layer, { fn: 'NdisMIndicateReceiveNetBufferLists', NetBufferLists }),
      NdisOffloadTcpSend: (handle, NetBufferList) => this.dataIo(this.caller('NdisOffloadTcpSend'), 'NdisOffloadTcpSend', handle, NetBufferList),
      NdisOffloadTcpDisconnect: (handle, NetBufferList, Flags) =>
        this.dataIo(this.caller('NdisOffloadTcpDisconnect'), 'NdisOffloadTcpDisconnect', handle, NetBufferList, Flags),
      NdisOffloadTcpReceive: (handle, NetBufferList) => this.dataIo(this.caller('NdisOffloadTcpReceive'), 'NdisOffloadTcpReceive', handle, NetBufferList),
      NdisOffloadTcpForward: (handle, NetBufferList) => this.dataIo(this.caller('NdisOffloadTcpForward'), 'NdisOffloadTcpForward', handle, NetBufferList),
      NdisOffloadTcpReceiveReturn: (h, NetBufferList) => this.receiveReturn(h.layer, NetBufferList),
      NdisTcpOffloadSendComplete: dataComplete('NdisTcpOffloadSendComplete'),
      NdisTcpOffloadDisconnectComplete: dataComplete('NdisTcpOffloadDisconnectComplete'),
      NdisTcpOffloadReceiveComplete: dataComplete('NdisTcpOffloadReceiveComplete'),
      NdisTcpOffloadForwardComplete: dataComplete('NdisTcpOffloadForwardComplete'),
      NdisTcpOffloadReceiveHandler: (handle, NetBufferList, Status) =>
        this.receiveIndicate(this.caller('NdisTcpOffloadReceiveHandler'), handle, NetBufferList, Status),
      NdisAllocateNetBufferList: (connection, DataOffset, DataLength) => createNetBufferList(this.state.nextNblId++, connection, DataOffset, DataLength),
      NdisSetTimerObject: (TimerObject, FunctionContext, object, DueTimeUs, afterSegmentsOf) =>
        this.setTimer(this.caller('NdisSetTimerObject'), TimerObject, FunctionContext, object, DueTimeUs, afterSegmentsOf),
      NdisCancelTimerObject: (TimerObject) => {
        const layer = this.caller('NdisCancelTimerObject');
        return this.scheduler.remove((item) => item.kind === 'timer' && item.layer === layer && item.call.TimerObject === TimerObject) > 0;
      },
      NdisGetCurrentSystemTime: () => this.scheduler.now(),
      DbgPrint: (text, object) => {
        if (!this.trace.wanted) return;
        this.trace.record({ kind: 'decision', layer: this.name(this.caller('DbgPrint')), text: typeof text === 'function' ? text() : text, ...(object ? { object } : {}) });
      },
    };
  }

  // ---- requests (down) ----

  private request(caller: number, op: OffloadOperation, P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): void {
    const callee = caller + 1;
    const names = OFFLOAD_OPERATION_CALLS[op];
    const tree = this.state.nextTreeId++;
    const nodes: CallerNode[] = [];
    const M = toMiniportForm(P, tree, this.state.contexts, nodes, this.below)!;
    this.state.outstanding[callee]![tree] = { op, nodes };
    this.announce({ fn: names.request, op, P, M }, caller, callee);
    // The callee writes *MiniportOffloadContext while it walks the tree: NDIS keeps what it wrote in the slots.
    this.deliver(callee, { type: names.handler, OffloadBlockList: M }, false, op === 'Initiate' ? () => this.keepContexts(M, nodes) : undefined);
  }

  /** Copies what the callee wrote through each `PVOID *MiniportOffloadContext` into the caller's handle slots. */
  private keepContexts(M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, nodes: readonly CallerNode[]): void {
    for (const node of blocksOf(M)) {
      const k = node.NdisReserved[1];
      const h = typeof k === 'number' ? nodes[k]?.OffloadHandle : null;
      const written = node.MiniportOffloadContext?.value;
      if (h && written) (this.state.contexts[h.owner] ??= {})[h.id] = slotOfContext(written, h.owner, this.below);
    }
  }

  // ---- data I/O (down) ----

  /**
   * Data I/O (NdisOffloadTcpSend, NdisOffloadTcpDisconnect, ...): NDIS hands the callee what the caller's
   * handle slot holds (its own context for the connection) and the same NBLs. The callee's return value
   * comes back to the caller; if the callee is busy the call waits, and the caller gets
   * NDIS_STATUS_PENDING, as documented for every data I/O call.
   */
  private dataIo(caller: number, fn: DataIoFunction, handle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST, Flags = 0): number {
    const callee = caller + 1;
    const call: CrossingCall = { fn, NdisOffloadHandle: handle, NetBufferList, Flags };
    this.announce(call, caller, callee);
    const MiniportOffloadContext = contextOfSlot(this.state.contexts[handle.owner]?.[handle.id], handle.owner, this.below);
    const event: NdisEdgeEvent =
      fn === 'NdisOffloadTcpDisconnect'
        ? { type: 'MiniportTcpOffloadDisconnect', MiniportOffloadContext, NetBufferList, Flags }
        : { type: NDIS_ROUTES[fn].handler, MiniportOffloadContext, NetBufferList };
    let Status: number = NDIS_STATUS.NDIS_STATUS_PENDING;
    if (this.deliver(callee, event, false, (r) => (Status = statusOf(r)))) this.announceReturn(call, caller, callee, { Status }, true);
    return Status;
  }

  /**
   * NdisOffloadTcpReceiveReturn: NBLs the host kept from receive indications go back down; the handler
   * returns at once (always NDIS_STATUS_SUCCESS) and nothing completes later.
   */
  private receiveReturn(caller: number, NetBufferList: NET_BUFFER_LIST): number {
    const callee = caller + 1;
    const call: CrossingCall = { fn: 'NdisOffloadTcpReceiveReturn', NetBufferLists: netBufferListsOf(NetBufferList) };
    this.announce(call, caller, callee);
    let Status: number = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    const ran = this.deliver(callee, { type: 'MiniportTcpOffloadReceiveReturn', NetBufferList }, false, (r) => (Status = statusOf(r)));
    // The rulebook hears the return even when the handler has not run yet (the caller has SUCCESS at once); the trace only when it ran.
    this.announceReturn(call, caller, callee, { Status }, ran);
    return Status;
  }

  /** NdisSendNetBufferLists: a frame on the normal send path goes down at once; nothing completes it here. */
  private sendNetBufferLists(caller: number, NetBufferLists: Frame): void {
    const callee = caller + 1;
    this.announce({ fn: 'NdisSendNetBufferLists', NetBufferLists }, caller, callee);
    this.deliver(callee, { type: 'MiniportSendNetBufferLists', NetBufferLists }, false);
  }

  // ---- completions and indications (up) ----

  /**
   * NdisTcpOffloadReceiveHandler: received data offered up. A relay made inside a handler crosses now
   * and returns the upper layer's result; the target's own call waits in the scheduler like any
   * indication, and its result reaches the target when the call returns.
   */
  private receiveIndicate(caller: number, handle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST, Status: number): ReceiveIndicateResult | null {
    const call = { fn: 'NdisTcpOffloadReceiveHandler' as const, NdisOffloadHandle: { ...handle }, NetBufferList, Status };
    if (this.isRelay(caller)) return this.crossReceiveIndicate(caller, call);
    this.pend(caller, call);
    return null;
  }

  private crossReceiveIndicate(caller: number, call: Extract<UpCall, { fn: 'NdisTcpOffloadReceiveHandler' }>): ReceiveIndicateResult {
    const { NdisOffloadHandle: handle, NetBufferList, Status } = call;
    this.announce(call, caller, caller - 1);
    let result: ReceiveIndicateResult = { Status: Number.NaN, BytesConsumed: 0 };
    const event: NdisEdgeEvent = { type: 'ProtocolTcpOffloadReceiveIndicate', OffloadContext: { ...handle }, NetBufferList, Status };
    this.deliver(caller - 1, event, true, (r) => (result = resultOf(r)));
    this.announceReturn(call, caller, caller - 1, result, true);
    return result;
  }

  private complete(caller: number, op: OffloadOperation, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
    this.upCall(caller, { fn: OFFLOAD_OPERATION_CALLS[op].complete, OffloadBlockList: M });
  }

  /** An up-call crosses now when it is a relay (made inside an up-call handler); otherwise it waits in the scheduler. */
  private upCall(caller: number, call: UpCall): void {
    if (caller === 0) throw new Error(`${call.fn}: the host stack has no layer above it`);
    if (this.isRelay(caller)) this.cross(caller, call);
    else this.pend(caller, call);
  }

  private isRelay(caller: number): boolean {
    return (this.upcallDepth[caller] ?? 0) > 0;
  }

  /** Delivers a pending up-call: it crosses, then its caller hears that it returned. */
  deliverPending(item: PendingItem): void {
    const call = item.call as UpCall;
    this.currentItem = item.id;
    let result: ReceiveIndicateResult | undefined;
    try {
      if (call.fn === 'NdisTcpOffloadReceiveHandler') result = this.crossReceiveIndicate(item.layer, call);
      else this.cross(item.layer, call);
    } finally {
      this.currentItem = undefined;
    }
    const layer = this.layers[item.layer];
    if (layer?.callReturned) {
      const returned: ReturnedCall = result ? { ...call, result } : call;
      this.deliver(item.layer, { type: 'CallReturned' }, false, undefined, () => layer.callReturned!(returned));
    }
  }

  /** A timer fires: NDIS calls the owner's NetTimerCallback. */
  deliverTimer(item: PendingItem): void {
    const call = item.call;
    if (call.fn !== 'timer') return;
    if (this.trace.wanted) this.trace.record({ kind: 'decision', layer: item.caller, text: `${call.TimerObject} expires (item ${item.id})`, object: item.objects[0]! });
    const layer = this.layers[item.layer];
    if (layer?.timerFired) this.deliver(item.layer, { type: 'NetTimerCallback' }, false, undefined, () => layer.timerFired!(call.TimerObject, call.FunctionContext));
  }

  /** The up-call crosses the binding above `caller`: the rulebook and the trace see it, then the handler above runs. */
  private cross(caller: number, call: UpCall): void {
    const callee = caller - 1;
    switch (call.fn) {
      case 'NdisMInitiateOffloadComplete':
      case 'NdisMTerminateOffloadComplete':
      case 'NdisMUpdateOffloadComplete':
      case 'NdisMInvalidateOffloadComplete':
      case 'NdisMQueryOffloadStateComplete':
        return this.crossCompletion(caller, call.fn, call.OffloadBlockList);
      case 'NdisTcpOffloadEventHandler': {
        const { NdisOffloadHandle: handle, EventType, EventSpecificInformation } = call;
        this.announce(call, caller, callee);
        this.deliver(callee, { type: 'ProtocolTcpOffloadEvent', OffloadContext: { ...handle }, EventType, EventSpecificInformation }, true);
        return;
      }
      case 'NdisMOffloadEventIndicate': {
        const M = call.OffloadBlockList;
        const P = toProtocolForm(M)!;
        this.announce({ fn: call.fn, M, P, IndicationCode: call.IndicationCode }, caller, callee);
        this.deliver(callee, { type: 'ProtocolIndicateOffloadEvent', OffloadBlockList: P, IndicationCode: call.IndicationCode }, true);
        return;
      }
      case 'NdisMIndicateStatusEx': {
        const StatusCode = call.StatusIndication.StatusCode;
        this.announce({ fn: call.fn, StatusCode }, caller, callee);
        this.deliver(callee, { type: 'ProtocolStatusEx', StatusIndication: { StatusCode } }, true);
        return;
      }
      case 'NdisMIndicateReceiveNetBufferLists':
        this.announce(call, caller, callee);
        this.deliver(callee, { type: 'ProtocolReceiveNetBufferLists', NetBufferLists: call.NetBufferLists }, true);
        return;
      case 'NdisTcpOffloadSendComplete':
      case 'NdisTcpOffloadDisconnectComplete':
      case 'NdisTcpOffloadReceiveComplete':
      case 'NdisTcpOffloadForwardComplete':
        this.announce({ fn: call.fn, NetBufferLists: netBufferListsOf(call.NetBufferList) }, caller, callee);
        this.deliver(callee, { type: NDIS_ROUTES[call.fn].handler, NetBufferList: call.NetBufferList }, true);
        return;
      case 'NdisTcpOffloadReceiveHandler':
        this.crossReceiveIndicate(caller, call);
        return;
    }
  }

  private crossCompletion(caller: number, fn: OffloadCompleteFunction, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
    const op = operationOfComplete(fn);
    const callee = caller - 1;
    const key = M.NdisReserved[0];
    const outstanding = this.state.outstanding[caller]!;
    const entry = typeof key === 'number' ? outstanding[key] : undefined;
    const known = entry !== undefined && entry.op === op;
    if (known && op === 'Initiate') this.keepContexts(M, entry.nodes);
    // NDIS cannot map an unknown tree back to its caller: the rulebook sees P = null, and the call goes nowhere.
    const P = known ? completionToProtocolForm(M, entry.nodes) : null;
    if (known && op === 'Terminate') this.forgetContexts(P);
    this.announce({ fn, op, M, P }, caller, callee);
    if (!P) return;
    delete outstanding[key as number];
    this.deliver(callee, { type: OFFLOAD_OPERATION_CALLS[op].completeHandler, OffloadBlockList: P }, true);
  }

  /** A terminate completed: the context the layer below wrote for each object is no longer valid. */
  private forgetContexts(P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST | null): void {
    for (const node of blocksOf(P)) {
      const h = node.OffloadHandle;
      const slots = h ? this.state.contexts[h.owner] : undefined;
      if (slots) delete slots[h!.id];
    }
  }

  /** Queues an up-call the layer made on its own. */
  private pend(caller: number, call: UpCall): void {
    const d = describe(call);
    const item = this.scheduler.add({
      fn: call.fn, kind: d.kind, caller: this.name(caller), layer: caller, objects: d.objects, handles: d.handles, isTerminate: d.isTerminate,
      ...(d.orderKey !== undefined ? { orderKey: d.orderKey } : {}), call,
    });
    if (this.trace.wanted) this.trace.record({ kind: 'pend', item: item.id, fn: call.fn, caller: this.name(caller), objects: d.objects, args: NO_ARGS });
  }

  private setTimer(layer: number, TimerObject: string, FunctionContext: Reserved, object: string, DueTimeUs?: number, afterSegmentsOf?: string): void {
    this.scheduler.add(
      {
        fn: 'timer', kind: 'timer', caller: this.name(layer), layer, objects: [object], handles: [], isTerminate: false,
        ...(afterSegmentsOf !== undefined ? { afterSegmentsOf } : {}),
        call: { fn: 'timer', TimerObject, FunctionContext: cloneData(FunctionContext) },
      },
      DueTimeUs,
    );
  }

  // ---- delivery ----

  /**
   * Calls the callee's handler now, or after its current handler returns; true when it ran now. `onResult`
   * gets what the handler returned (whenever it runs). `invoke` replaces the call of `receive` (NDIS's
   * own notifications to a layer use it).
   */
  private deliver(callee: number, event: LayerEvent, up: boolean, onResult?: (result: unknown) => void, invoke?: () => unknown): boolean {
    const run = () => {
      this.busy[callee] = true;
      if (up) this.upcallDepth[callee]!++;
      this.depth++;
      const outer = this.current;
      this.current = callee;
      let result: unknown;
      try {
        result = invoke ? invoke() : this.layers[callee]!.receive(event);
      } finally {
        this.current = outer;
        this.depth--;
        if (up) this.upcallDepth[callee]!--;
        this.busy[callee] = false;
      }
      onResult?.(result);
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

  /**
   * The one fan-out: a call crossing a binding goes to the rulebook, then to the trace, as its entry in
   * NDIS_FUNCTIONS describes it.
   */
  private announce(call: CrossingCall, caller: number, callee: number): void {
    const entry = NDIS_FUNCTIONS[call.fn] as NdisFunctionEntry<CrossingCall>;
    const at = this.place(caller, callee);
    const crossing = entry.crossing(call, at);
    if (crossing) this.rules.crossing(crossing);
    if (!this.trace.wanted) return;
    const event: Omit<CallEvent, 'seq' | 'time'> = {
      kind: 'call', fn: call.fn, handler: entry.handler, caller: at.caller, callee: at.callee, objects: entry.objects(call), args: entry.args(call, at),
    };
    if (this.currentItem !== undefined) event.item = this.currentItem;
    this.currentItem = undefined;
    this.trace.record(event);
  }

  /** The call's handler returned `result` to the caller: the rulebook, then (when `traced`) the trace. */
  private announceReturn(call: CrossingCall, caller: number, callee: number, result: CallResult, traced: boolean): void {
    const entry = NDIS_FUNCTIONS[call.fn] as NdisFunctionEntry<CrossingCall>;
    const at = this.place(caller, callee);
    const crossing = entry.returned?.(call, at, result);
    if (crossing) this.rules.crossing(crossing);
    if (!traced || !this.trace.wanted) return;
    const { Status, BytesConsumed } = result;
    this.trace.record({ kind: 'return', fn: call.fn, caller: at.caller, callee: at.callee, objects: entry.objects(call), Status, ...(BytesConsumed !== undefined ? { BytesConsumed } : {}) });
  }

  /** Where a call between two adjacent layers crosses. */
  private place(caller: number, callee: number): CrossingPlace {
    return { binding: Math.min(caller, callee), caller: this.name(caller), callee: this.name(callee) };
  }

  private name(index: number): string {
    return this.layers[index]?.name ?? `layer${index}`;
  }
}

function operationOfComplete(fn: OffloadCompleteFunction): OffloadOperation {
  for (const op of Object.keys(OFFLOAD_OPERATION_CALLS) as OffloadOperation[]) if (OFFLOAD_OPERATION_CALLS[op].complete === fn) return op;
  throw new Error(`${fn} is not a completion`);
}

/** How a pending up-call is listed and ordered. */
function describe(call: UpCall): { kind: UpCallKind; objects: string[]; handles: string[]; isTerminate: boolean; orderKey?: string } {
  switch (call.fn) {
    case 'NdisMInitiateOffloadComplete':
    case 'NdisMTerminateOffloadComplete':
    case 'NdisMUpdateOffloadComplete':
    case 'NdisMInvalidateOffloadComplete':
    case 'NdisMQueryOffloadStateComplete':
      return { kind: 'completion', objects: objectsOfTree(call.OffloadBlockList), handles: handlesOfTree(call.OffloadBlockList), isTerminate: call.fn === 'NdisMTerminateOffloadComplete' };
    case 'NdisTcpOffloadEventHandler':
      return {
        kind: 'indication', objects: [call.NdisOffloadHandle.label], handles: [handleKey(call.NdisOffloadHandle)], isTerminate: false,
        // TcpIndicateDisconnect comes after the data before the FIN (reference §6.9): it keeps its place behind it.
        ...(call.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect ? { orderKey: receiveOrderKey(call.NdisOffloadHandle.label) } : {}),
      };
    case 'NdisMOffloadEventIndicate': {
      const h = call.OffloadBlockList.NdisOffloadHandle;
      return { kind: 'indication', objects: objectsOfTree(call.OffloadBlockList), handles: h ? [handleKey(h)] : [], isTerminate: false };
    }
    case 'NdisMIndicateStatusEx':
      return { kind: 'status', objects: [], handles: [], isTerminate: false };
    case 'NdisMIndicateReceiveNetBufferLists': {
      const tuple = fourTupleText(call.NetBufferLists.segment.connection);
      return { kind: 'indication', objects: [tuple], handles: [`rx ${tuple}`], isTerminate: false };
    }
    case 'NdisTcpOffloadReceiveHandler':
      return {
        kind: 'indication', objects: [call.NdisOffloadHandle.label], handles: [handleKey(call.NdisOffloadHandle)], isTerminate: false,
        orderKey: receiveOrderKey(call.NetBufferList.connection),
      };
    default: {
      // A data completion: the connections' handles (kept by the target in MiniportReserved) — a terminate
      // completion waits for it. One connection's send (and disconnect) completions keep the order the target
      // made them in (reference §6.6, §6.9); so do its receive completions and receive indications (§6.7).
      const nbls = netBufferListsOf(call.NetBufferList);
      const handles = new Set<string>();
      for (const n of nbls) {
        const h = n.MiniportReserved as { owner?: unknown; id?: unknown } | null;
        if (h && typeof h === 'object' && typeof h.owner === 'string' && typeof h.id === 'number') handles.add(handleKey({ owner: h.owner, id: h.id }));
      }
      const orderKey = completionOrderKey(call.fn, nbls[0]!.connection);
      return { kind: 'completion', objects: [...new Set(nbls.map((n) => n.connection))], handles: [...handles], isTerminate: false, ...(orderKey ? { orderKey } : {}) };
    }
  }
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

/** The NBLs a pending call carries: completed NBLs, data offered up, a terminate's handed-back send chain and BufferedData. */
export function carriedBy(call: UpCall): NET_BUFFER_LIST[] {
  switch (call.fn) {
    case 'NdisTcpOffloadSendComplete':
    case 'NdisTcpOffloadDisconnectComplete':
    case 'NdisTcpOffloadReceiveComplete':
    case 'NdisTcpOffloadForwardComplete':
      return netBufferListsOf(call.NetBufferList);
    case 'NdisTcpOffloadReceiveHandler':
      return [call.NetBufferList];
    case 'NdisMTerminateOffloadComplete':
      return blocksOf(call.OffloadBlockList).flatMap((node) => {
        const sent = netBufferListsOf(node.NetBufferListChain);
        const buffered = (node.State as TcpOffloadStructures | null)?.Delegated?.BufferedData;
        return buffered ? [...sent, buffered] : sent;
      });
    default:
      return [];
  }
}

export { offloadSucceeded };

/**
 * The rule bench: one fresh Rulebook fed crossings by hand, as NDIS would hand them over (no
 * simulation, no layers), with block-list builders in the host's protocol form and the legal
 * prefixes the rule tests start from. A copy of the bench in everyRule.test.ts, kept apart so that
 * the branch tests of each rule (ruleBranches.test.ts) can use it.
 */
import {
  blockRoleOf,
  createProtocolBlockList,
  forEachBlock,
  withDependents,
  type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
  type NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST,
} from '../../../src/ndis/blockList.js';
import type { DataCompleteFunction, OffloadOperation } from '../../../src/ndis/calls.js';
import { createOffloadHandle, handleKey, type NDIS_OFFLOAD_HANDLE, type OffloadContext } from '../../../src/ndis/NDIS_OFFLOAD_HANDLE.js';
import { createNetBufferList, type NET_BUFFER_LIST } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, offloadSucceeded } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import { DEFAULT_TCP_CACHED, delegatedTcpState } from '../../../src/layers/host/handover/delegatedTcpState.js';
import { Rulebook } from '../../../src/rules/Rulebook.js';
import { RuleMonitor } from '../../../src/rules/monitor/RuleMonitor.js';
import { RULEBOOK } from '../../../src/rules/rules.js';
import { completionToProtocolForm, toMiniportForm, type CallerNode } from '../../../src/system/ndis/convertBlockList.js';
import { Trace } from '../../../src/trace/Trace.js';
import { TCP_DISCONNECT_GRACEFUL_CLOSE } from '../../../src/ndis/flags.js';
import type { Segment } from '../../../src/wire/Segment.js';

// ---- block-list builders (the host's protocol form) ----

/** The handles' context slots, as NDIS keeps them (what the target wrote), by handleKey. */
const slots = new Map<string, OffloadContext>();

/** A new offload: the slot the layer below fills is still empty. New nodes carry their state; linkers carry none. */
const isNew = (h: NDIS_OFFLOAD_HANDLE) => !slots.has(handleKey(h));

export function neighbor(h: NDIS_OFFLOAD_HANDLE, ...dependents: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[]): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  const state = isNew(h)
    ? { Const: { DlSourceAddress: '', VlanId: 0 }, Cached: { DlDestinationAddress: '02:00:00:00:00:02', HostReachabilityDelta: 0 }, Delegated: { NicReachabilityDelta: 0 } }
    : null;
  return withDependents(createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, h, state), dependents);
}

export function path(h: NDIS_OFFLOAD_HANDLE, ...dependents: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[]): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  const state = isNew(h) ? { Const: { SourceAddress: '10.0.0.1', DestinationAddress: '10.0.0.2' }, Cached: { PathMtu: 1500 }, Delegated: {} } : null;
  return withDependents(createProtocolBlockList(OFFLOAD_STATE_TYPE.Ip4OffloadState, h, state), dependents);
}

/** A TCP node with its delegated state in `tcpState` (RFC 793 state, TCPSTATE numbering). */
export function tcp(h: NDIS_OFFLOAD_HANDLE, tcpState: number = TCPSTATE.TCPSTATE_ESTABLISHED): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  return createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, h, {
    Const: { Flags: 0, RemotePort: 80, LocalPort: 5000, SndWindScale: 0, RcvWindScale: 0, RemoteMss: 1460, HashValue: 0 },
    Cached: DEFAULT_TCP_CACHED,
    Delegated: delegatedTcpState(tcpState),
  });
}

// ---- the bench: one fresh Rulebook, fed crossings at one binding at a time (host above, target below, by default) ----

/** A binding, by its index and the layers above and below it. */
export interface Place {
  binding: number;
  upper: string;
  lower: string;
}

/** The host straight above the target: binding 0. */
export const HOST_TARGET: Place = { binding: 0, upper: 'host', lower: 'target' };
/** With one intermediate driver: the host above IM1 (binding 0), and IM1 above the target (binding 1). */
export const HOST_IM1: Place = { binding: 0, upper: 'host', lower: 'IM1' };
export const IM1_TARGET: Place = { binding: 1, upper: 'IM1', lower: 'target' };

/** A request that crossed: the host's tree, the miniport form NDIS made of it, and what NDIS kept of the host's nodes. */
export interface Call {
  op: OffloadOperation;
  P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
  M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;
  nodes: CallerNode[];
}

/** Status per node label, or one status for every node. Unlisted nodes complete with SUCCESS. */
export type Statuses = Record<string, NDIS_STATUS> | NDIS_STATUS;

export class Bench {
  readonly trace = new Trace(true, () => 0);
  /** Every NBL made here: one whose Status is written is one the target completed (its completion may cross later). */
  private readonly nbls: NET_BUFFER_LIST[] = [];
  readonly rulebook = new Rulebook(
    this.trace, 'continue', RULEBOOK,
    new RuleMonitor(undefined, () => new Set(this.nbls.filter((n) => n.Status !== NDIS_STATUS.NDIS_STATUS_PENDING).map((n) => n.id))),
  );
  private serial = 0;
  private contextSerial = 1000;
  private tree = 0;
  /** Where the next crossings cross: `at` moves it. */
  private place: Place = HOST_TARGET;

  constructor() {
    slots.clear();
  }

  /** A new NBL of `connection`'s stream bytes [from, from + length). */
  nbl(connection: string, from: number, length: number, id = ++this.serial): NET_BUFFER_LIST {
    const n = createNetBufferList(id, connection, from, length);
    this.nbls.push(n);
    return n;
  }

  /** A new receive buffer with room for `bytes`. */
  receiveBuffer(connection: string, bytes: number, id = ++this.serial): NET_BUFFER_LIST {
    const n = this.nbl(connection, -1, bytes, id);
    n.ReceiveBuffer = true;
    return n;
  }

  get violations() {
    return this.trace.violations;
  }

  /** The crossings from now on cross at `place` (handles made from now on are its upper layer's). */
  at(place: Place): this {
    this.place = place;
    return this;
  }

  /** A call going down at the current binding. */
  private get down() {
    return { binding: this.place.binding, caller: this.place.upper, callee: this.place.lower };
  }

  /** A call coming up at the current binding. */
  private get up() {
    return { binding: this.place.binding, caller: this.place.lower, callee: this.place.upper };
  }

  ruleIds(): string[] {
    return this.violations.map((v) => v.rule);
  }

  /** A handle of the upper layer for one state object (the host, by default, owns it; the layer below writes its slot). */
  handle(label: string): NDIS_OFFLOAD_HANDLE {
    return createOffloadHandle(this.place.upper, ++this.serial, label);
  }

  /** NdisXxxOffload -> MiniportXxxOffload: NDIS converts P and the request crosses. */
  request(op: OffloadOperation, P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): Call {
    const nodes: CallerNode[] = [];
    const contexts: Record<string, Record<number, OffloadContext>> = {};
    for (const [key, context] of slots) {
      const [owner, id] = key.split('#');
      (contexts[owner!] ??= {})[Number(id)] = context;
    }
    const M = toMiniportForm(P, ++this.tree, contexts, nodes)!;
    this.rulebook.crossing({ kind: 'request', op, ...this.down, P, M });
    return { op, P, M, nodes };
  }

  initiate(P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): Call {
    return this.request('Initiate', P);
  }
  terminate(P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): Call {
    return this.request('Terminate', P);
  }
  update(P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): Call {
    return this.request('Update', P);
  }
  query(P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): Call {
    return this.request('Query', P);
  }

  /**
   * NdisMXxxComplete -> ProtocolXxxComplete. The target writes a Status on every M node
   * (`statuses`), and for an initiate writes its context into the slot of each new node it
   * offloaded (unless `writeContext` is false); NDIS copies the statuses back into P.
   */
  complete(call: Call, statuses: Statuses = {}, { writeContext = true } = {}): void {
    forEachBlock(call.M, (node) => {
      const label = node.NdisOffloadHandle?.label ?? 'placeholder';
      node.Status = typeof statuses === 'number' ? statuses : (statuses[label] ?? NDIS_STATUS.NDIS_STATUS_SUCCESS);
      if (call.op === 'Initiate' && writeContext && blockRoleOf(node) === 'new' && offloadSucceeded(node.Status)) {
        node.MiniportOffloadContext!.value = { owner: 'target', id: ++this.contextSerial };
        slots.set(handleKey(node.NdisOffloadHandle!), node.MiniportOffloadContext!.value);
      }
      if (call.op === 'Terminate' && node.NdisOffloadHandle) slots.delete(handleKey(node.NdisOffloadHandle));
    });
    const P = completionToProtocolForm(call.M, call.nodes);
    this.rulebook.crossing({ kind: 'completion', op: call.op, ...this.up, M: call.M, P });
  }

  /** The target completes a tree NDIS no longer has outstanding (a second completion): NDIS knows no P. */
  completeAgain(call: Call): void {
    this.rulebook.crossing({ kind: 'completion', op: call.op, ...this.up, M: call.M, P: null });
  }

  /** NdisTcpOffloadEventHandler -> ProtocolTcpOffloadEvent, naming the host's handle. */
  event(handle: NDIS_OFFLOAD_HANDLE, EventType: number, EventSpecificInformation = 0): void {
    this.rulebook.crossing({ kind: 'event', ...this.up, handle, EventType, EventSpecificInformation });
  }

  /** NdisOffloadTcpSend -> MiniportTcpOffloadSend, with the host's handle, and what the target returned; returns the NBL. */
  send(handle: NDIS_OFFLOAD_HANDLE, returned: number = NDIS_STATUS.NDIS_STATUS_PENDING): NET_BUFFER_LIST {
    const base = { ...this.down, fn: 'NdisOffloadTcpSend' as const, handle };
    const NetBufferList = this.nbl(handle.label, 0, 100);
    this.rulebook.crossing({ ...base, kind: 'io', NetBufferList, Flags: 0 });
    this.rulebook.crossing({ ...base, kind: 'ioReturn', Status: returned });
    return NetBufferList;
  }

  /** One NdisOffloadTcpSend posting `count` NBLs in one list (or these NBLs again, as an intermediate driver does); returns them. */
  sendList(handle: NDIS_OFFLOAD_HANDLE, count: number, again?: NET_BUFFER_LIST[]): NET_BUFFER_LIST[] {
    const nbls = again ?? Array.from({ length: count }, (_, i) => this.nbl(handle.label, i * 100, 100));
    nbls.forEach((n, i) => (n.Next = nbls[i + 1] ?? null));
    const base = { ...this.down, fn: 'NdisOffloadTcpSend' as const, handle };
    this.rulebook.crossing({ ...base, kind: 'io', NetBufferList: nbls[0]!, Flags: 0 });
    this.rulebook.crossing({ ...base, kind: 'ioReturn', Status: NDIS_STATUS.NDIS_STATUS_PENDING });
    return nbls;
  }

  /** NdisTcpOffloadSendComplete -> ProtocolTcpOffloadSendComplete of these NBLs. */
  sendComplete(...NetBufferLists: NET_BUFFER_LIST[]): void {
    this.completeWith('NdisTcpOffloadSendComplete', NDIS_STATUS.NDIS_STATUS_SUCCESS, ...NetBufferLists);
  }

  /** The target completes these NBLs with `fn`, writing `status` on each first. */
  completeWith(fn: DataCompleteFunction, status: NDIS_STATUS, ...NetBufferLists: NET_BUFFER_LIST[]): void {
    for (const n of NetBufferLists) n.Status = status;
    this.deliverCompletion(fn, ...NetBufferLists);
  }

  /** A completion the target made earlier (each NBL's Status already written) crosses now. */
  deliverCompletion(fn: DataCompleteFunction, ...NetBufferLists: NET_BUFFER_LIST[]): void {
    this.rulebook.crossing({ kind: 'ioComplete', fn, ...this.up, NetBufferLists });
  }

  /** NdisOffloadTcpDisconnect -> MiniportTcpOffloadDisconnect (graceful unless `Flags` says abortive), returning PENDING; returns the NBL. */
  disconnect(handle: NDIS_OFFLOAD_HANDLE, Flags: number = TCP_DISCONNECT_GRACEFUL_CLOSE): NET_BUFFER_LIST {
    const base = { ...this.down, fn: 'NdisOffloadTcpDisconnect' as const, handle };
    const NetBufferList = this.nbl(handle.label, 0, 0);
    this.rulebook.crossing({ ...base, kind: 'io', NetBufferList, Flags });
    this.rulebook.crossing({ ...base, kind: 'ioReturn', Status: NDIS_STATUS.NDIS_STATUS_PENDING });
    return NetBufferList;
  }

  /** NdisOffloadTcpForward -> MiniportTcpOffloadForward: the host forwards a peer's segment it received while Offloading; returns the NBL. */
  forward(handle: NDIS_OFFLOAD_HANDLE, segment: Omit<Segment, 'connection'>): NET_BUFFER_LIST {
    const base = { ...this.down, fn: 'NdisOffloadTcpForward' as const, handle };
    const NetBufferList = this.nbl(handle.label, 0, 0);
    NetBufferList.ForwardedSegment = { connection: { localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80 }, ...segment };
    this.rulebook.crossing({ ...base, kind: 'io', NetBufferList, Flags: 0 });
    this.rulebook.crossing({ ...base, kind: 'ioReturn', Status: NDIS_STATUS.NDIS_STATUS_PENDING });
    return NetBufferList;
  }

  /** NdisOffloadTcpReceive -> MiniportTcpOffloadReceive: a receive buffer with room for `bytes`, returning PENDING; returns the NBL. */
  post(handle: NDIS_OFFLOAD_HANDLE, bytes = 100): NET_BUFFER_LIST {
    const base = { ...this.down, fn: 'NdisOffloadTcpReceive' as const, handle };
    const NetBufferList = this.receiveBuffer(handle.label, bytes);
    this.rulebook.crossing({ ...base, kind: 'io', NetBufferList, Flags: 0 });
    this.rulebook.crossing({ ...base, kind: 'ioReturn', Status: NDIS_STATUS.NDIS_STATUS_PENDING });
    return NetBufferList;
  }

  /** The target puts stream bytes [from, from + bytes) in a posted buffer (not yet completed); returns it. */
  fill(nbl: NET_BUFFER_LIST, from: number, bytes = nbl.DataLength): NET_BUFFER_LIST {
    if (nbl.DataOffset < 0) nbl.DataOffset = from;
    nbl.TcpOffloadBytesTransferred += bytes;
    return nbl;
  }

  /** NdisTcpOffloadReceiveComplete -> ProtocolTcpOffloadReceiveComplete of these buffers, with `status` on each. */
  receiveComplete(status: NDIS_STATUS, ...NetBufferLists: NET_BUFFER_LIST[]): void {
    this.completeWith('NdisTcpOffloadReceiveComplete', status, ...NetBufferLists);
  }

  /**
   * NdisTcpOffloadReceiveHandler -> ProtocolTcpOffloadReceiveIndicate: the target offers stream bytes
   * [from, from + bytes) with the `Status` argument; the host's result (all taken, by default) comes
   * back. Returns the NBL.
   */
  indicate(
    handle: NDIS_OFFLOAD_HANDLE,
    from: number,
    bytes: number,
    result: { Status: number; BytesConsumed: number } = { Status: NDIS_STATUS.NDIS_STATUS_SUCCESS, BytesConsumed: bytes },
    Status: number = NDIS_STATUS.NDIS_STATUS_SUCCESS,
  ): NET_BUFFER_LIST {
    const NetBufferList = this.nbl(handle.label, from, bytes);
    this.offer(handle, NetBufferList, Status);
    this.answer(handle, NetBufferList, result);
    return NetBufferList;
  }

  /** The receive indication's call alone: NdisTcpOffloadReceiveHandler -> ProtocolTcpOffloadReceiveIndicate of `NetBufferList`. */
  offer(handle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST, Status: number = NDIS_STATUS.NDIS_STATUS_SUCCESS): void {
    this.rulebook.crossing({ ...this.up, kind: 'receiveIndicate', handle, NetBufferList, Status });
  }

  /** The receive indication's return alone: what ProtocolTcpOffloadReceiveIndicate returned for `NetBufferList`. */
  answer(handle: NDIS_OFFLOAD_HANDLE, NetBufferList: NET_BUFFER_LIST, result: { Status: number; BytesConsumed: number }): void {
    this.rulebook.crossing({ ...this.up, kind: 'receiveIndicateReturn', handle, NetBufferList, ...result });
  }

  /** NdisOffloadTcpReceiveReturn -> MiniportTcpOffloadReceiveReturn of these NBLs, and what the target returned. */
  receiveReturn(NetBufferLists: NET_BUFFER_LIST[], returned: number = NDIS_STATUS.NDIS_STATUS_SUCCESS): void {
    this.rulebook.crossing({ kind: 'receiveReturn', ...this.down, NetBufferLists, Status: returned });
  }

  /** NdisMIndicateStatusEx -> ProtocolStatusEx. */
  status(StatusCode: number): void {
    this.rulebook.crossing({ kind: 'status', ...this.up, StatusCode });
  }

  /** A segment at the NIC, from the target (sent) or from the peer (received), of `connection` (10.0.0.1:5000 <-> 10.0.0.2:80). */
  segment(from: 'target' | 'peer', connection: string, segment: Omit<Segment, 'connection'>): void {
    const [caller, callee] = from === 'target' ? [this.place.lower, 'peer'] : ['peer', this.place.lower];
    const tuple = { localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80 };
    this.rulebook.crossing({ kind: 'segment', binding: this.place.binding, caller, callee, from, connection, segment: { connection: tuple, ...segment } });
  }

  /** The host reports a change of a connection's offload state. */
  offloadState(from: number, to: number, cause: string): void {
    this.rulebook.stateChange({ layer: 'host', object: 'tcp 1', region: 'offload', from, to, cause });
  }

  quiescence(): void {
    this.rulebook.quiescence('host');
  }
}

// ---- legal prefixes ----

/** Handles for a neighbor -> path -> tcp 1 chain, plus a tcp 2 the target has never seen. */
export interface Objects {
  N: NDIS_OFFLOAD_HANDLE;
  P: NDIS_OFFLOAD_HANDLE;
  T: NDIS_OFFLOAD_HANDLE;
  T2: NDIS_OFFLOAD_HANDLE;
}

export function objects(b: Bench): Objects {
  return { N: b.handle('neighbor'), P: b.handle('path'), T: b.handle('tcp 1'), T2: b.handle('tcp 2') };
}

/** Nothing has crossed yet. */
export const nothing = (b: Bench) => objects(b);

/** The initiate of neighbor -> path -> tcp 1 has crossed and not completed: all three Offloading. */
export function initiating(b: Bench): Objects & { call: Call } {
  const o = objects(b);
  return { ...o, call: b.initiate(neighbor(o.N, path(o.P, tcp(o.T)))) };
}

/** neighbor -> path -> tcp 1 offloaded successfully: all three Offloaded, slots written. */
export function offloaded(b: Bench): Objects {
  const { call, ...o } = initiating(b);
  b.complete(call);
  return o;
}

/**
 * One intermediate driver: neighbor -> path -> tcp 1 offloaded by the host through IM1 (the host's
 * handles, binding 0) and by IM1 to the target (IM1's own handles, binding 1).
 */
export function throughIm1(b: Bench): { host: Objects; im: Objects } {
  const host = offloaded(b.at(HOST_IM1));
  const im = offloaded(b.at(IM1_TARGET));
  return { host, im };
}

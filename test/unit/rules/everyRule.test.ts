/**
 * Every rule of the rulebook (reference §8), checked on its own: one case per rule id, built by hand
 * as NDIS would hand the crossings to the Rulebook (no simulation, no layers). Each case is a legal
 * prefix (`given`), then two ways to go on: `breaks` makes exactly that rule fire, `legal` is the
 * nearest sequence that keeps it quiet. A rule added to RULEBOOK without a case fails here.
 */
import { describe, expect, it } from 'vitest';
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
import { TCP_DISCONNECT_ABORTIVE_CLOSE, TCP_DISCONNECT_GRACEFUL_CLOSE } from '../../../src/ndis/flags.js';
import { createNetBufferList, type NET_BUFFER_LIST } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS, offloadSucceeded } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import type { TcpOffloadStructures } from '../../../src/ndis/stateStructures.js';
import { DEFAULT_TCP_CACHED, delegatedTcpState } from '../../../src/layers/host/handover/delegatedTcpState.js';
import type { Rule } from '../../../src/rules/Rule.js';
import { Rulebook } from '../../../src/rules/Rulebook.js';
import { RuleMonitor } from '../../../src/rules/monitor/RuleMonitor.js';
import { RULEBOOK } from '../../../src/rules/rules.js';
import { completionToProtocolForm, toMiniportForm, type CallerNode } from '../../../src/system/ndis/convertBlockList.js';
import { Trace } from '../../../src/trace/Trace.js';
import type { Segment } from '../../../src/wire/Segment.js';

/** The 4-tuple of the segments a case puts on the wire (the rules name a segment's connection by label). */
const TUPLE = { localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80 };

// ---- block-list builders (the host's protocol form) ----

/** The handles' context slots, as NDIS keeps them (what the target wrote), by handleKey. */
const slots = new Map<string, OffloadContext>();

/** A new offload: the slot the layer below fills is still empty. New nodes carry their state; linkers carry none. */
const isNew = (h: NDIS_OFFLOAD_HANDLE) => !slots.has(handleKey(h));

function neighbor(h: NDIS_OFFLOAD_HANDLE, ...dependents: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[]): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  const state = isNew(h)
    ? { Const: { DlSourceAddress: '', VlanId: 0 }, Cached: { DlDestinationAddress: '02:00:00:00:00:02', HostReachabilityDelta: 0 }, Delegated: { NicReachabilityDelta: 0 } }
    : null;
  return withDependents(createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, h, state), dependents);
}

function path(h: NDIS_OFFLOAD_HANDLE, ...dependents: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST[]): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  const state = isNew(h) ? { Const: { SourceAddress: '10.0.0.1', DestinationAddress: '10.0.0.2' }, Cached: { PathMtu: 1500 }, Delegated: {} } : null;
  return withDependents(createProtocolBlockList(OFFLOAD_STATE_TYPE.Ip4OffloadState, h, state), dependents);
}

/** A TCP node with its delegated state in `tcpState` (RFC 793 state, TCPSTATE numbering). */
function tcp(h: NDIS_OFFLOAD_HANDLE, tcpState: number = TCPSTATE.TCPSTATE_ESTABLISHED): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  return createProtocolBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, h, {
    Const: { Flags: 0, RemotePort: 80, LocalPort: 5000, SndWindScale: 0, RcvWindScale: 0, RemoteMss: 1460, HashValue: 0 },
    Cached: DEFAULT_TCP_CACHED,
    Delegated: delegatedTcpState(tcpState),
  });
}

// ---- the bench: one fresh Rulebook, fed crossings at one binding at a time (host above, target below, by default) ----

/** A binding, by its index and the layers above and below it. */
interface Place {
  binding: number;
  upper: string;
  lower: string;
}

/** The host straight above the target: binding 0. */
const HOST_TARGET: Place = { binding: 0, upper: 'host', lower: 'target' };
/** With one intermediate driver: the host above IM1 (binding 0), and IM1 above the target (binding 1). */
const HOST_IM1: Place = { binding: 0, upper: 'host', lower: 'IM1' };
const IM1_TARGET: Place = { binding: 1, upper: 'IM1', lower: 'target' };

/** A request that crossed: the host's tree, the miniport form NDIS made of it, and what NDIS kept of the host's nodes. */
interface Call {
  op: OffloadOperation;
  P: NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;
  M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST;
  nodes: CallerNode[];
}

/** Status per node label, or one status for every node. Unlisted nodes complete with SUCCESS. */
type Statuses = Record<string, NDIS_STATUS> | NDIS_STATUS;

class Bench {
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

  /** A segment at the NIC: one the target sent (`from: 'target'`) or one from the peer; the target's binding is the current one. */
  segment(from: 'target' | 'peer', connection: string, segment: Omit<Segment, 'connection'>): void {
    const [caller, callee] = from === 'target' ? [this.place.lower, 'peer'] : ['peer', this.place.lower];
    this.rulebook.crossing({ kind: 'segment', binding: this.place.binding, caller, callee, from, connection, segment: { connection: TUPLE, ...segment } });
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
interface Objects {
  N: NDIS_OFFLOAD_HANDLE;
  P: NDIS_OFFLOAD_HANDLE;
  T: NDIS_OFFLOAD_HANDLE;
  T2: NDIS_OFFLOAD_HANDLE;
}

function objects(b: Bench): Objects {
  return { N: b.handle('neighbor'), P: b.handle('path'), T: b.handle('tcp 1'), T2: b.handle('tcp 2') };
}

/** Nothing has crossed yet. */
const nothing = (b: Bench) => objects(b);

/** The initiate of neighbor -> path -> tcp 1 has crossed and not completed: all three Offloading. */
function initiating(b: Bench): Objects & { call: Call } {
  const o = objects(b);
  return { ...o, call: b.initiate(neighbor(o.N, path(o.P, tcp(o.T)))) };
}

/** neighbor -> path -> tcp 1 offloaded successfully: all three Offloaded, slots written. */
function offloaded(b: Bench): Objects {
  const { call, ...o } = initiating(b);
  b.complete(call);
  return o;
}

/**
 * One intermediate driver: neighbor -> path -> tcp 1 offloaded by the host through IM1 (the host's
 * handles, binding 0) and by IM1 to the target (IM1's own handles, binding 1).
 */
function throughIm1(b: Bench): { host: Objects; im: Objects } {
  const host = offloaded(b.at(HOST_IM1));
  const im = offloaded(b.at(IM1_TARGET));
  return { host, im };
}

// ---- the cases ----

interface RuleCase {
  id: string;
  /** Runs the legal prefix on `b` and returns the two ways to go on from it. */
  start(b: Bench): { breaks(): void; legal(): void };
}

function ruleCase<G>(
  id: string,
  c: { given: (b: Bench) => G; breaks: (b: Bench, g: G) => void; legal: (b: Bench, g: G) => void },
): RuleCase {
  return {
    id,
    start(b) {
      const g = c.given(b);
      return { breaks: () => c.breaks(b, g), legal: () => c.legal(b, g) };
    },
  };
}

const CASES: readonly RuleCase[] = [
  ruleCase('complete-once-with-same-root', {
    given: (b) => {
      const o = offloaded(b);
      return { ...o, call: b.terminate(path(o.P, tcp(o.T))) };
    },
    // The terminate completes, then the target completes the same tree again.
    breaks: (b, { call }) => {
      b.complete(call);
      b.completeAgain(call);
    },
    legal: (b, { call }) => b.complete(call),
  }),

  ruleCase('status-written-on-every-node', {
    given: initiating,
    breaks: (b, { call }) => b.complete(call, { 'tcp 1': NDIS_STATUS.NDIS_STATUS_PENDING }),
    legal: (b, { call }) => b.complete(call, { 'tcp 1': NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES }),
  }),

  ruleCase('status-legal-for-operation', {
    given: (b) => {
      const o = offloaded(b);
      return { ...o, call: b.terminate(path(o.P, tcp(o.T))) };
    },
    // OFFLOAD_PARTIAL_SUCCESS is an initiate status only.
    breaks: (b, { call }) => b.complete(call, { path: NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS }),
    legal: (b, { call }) => b.complete(call),
  }),

  ruleCase('context-written-only-on-success', {
    given: initiating,
    // Every node SUCCESS, but the target never wrote *MiniportOffloadContext.
    breaks: (b, { call }) => b.complete(call, {}, { writeContext: false }),
    legal: (b, { call }) => b.complete(call),
  }),

  ruleCase('terminate-completes-after-outstanding-io', {
    given: (b) => {
      const o = offloaded(b);
      const receive = b.post(o.T);
      return { ...o, receive, call: b.terminate(path(o.P, tcp(o.T))) };
    },
    // The target completes the terminate and never completed the receive buffer the host posted.
    breaks: (b, { call }) => b.complete(call),
    legal: (b, { call, receive }) => {
      b.receiveComplete(NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS, receive);
      b.complete(call);
    },
  }),

  ruleCase('resources-kept-until-terminate', {
    given: (b) => {
      const o = offloaded(b);
      b.event(o.T, E.TcpIndicateAbort);
      return { ...o, call: b.terminate(path(o.P, tcp(o.T))) };
    },
    // The target let the reset connection go: its terminate fails.
    breaks: (b, { call }) => b.complete(call, { 'tcp 1': NDIS_STATUS.NDIS_STATUS_FAILURE }),
    legal: (b, { call }) => b.complete(call),
  }),

  ruleCase('no-duplicate-offload', {
    given: initiating,
    // The same objects again while their first initiate is in flight.
    breaks: (b, { N, P, T }) => void b.initiate(neighbor(N, path(P, tcp(T)))),
    // Retrying after the first initiate failed is fine.
    legal: (b, { N, P, T, call }) => {
      b.complete(call, NDIS_STATUS.NDIS_STATUS_RESOURCES);
      b.initiate(neighbor(N, path(P, tcp(T))));
    },
  }),

  ruleCase('linker-references-offloaded-object', {
    given: offloaded,
    // tcp 2 is linked under a path whose upload has started.
    breaks: (b, { N, P, T, T2 }) => {
      b.terminate(path(P, tcp(T)));
      b.initiate(neighbor(N, path(P, tcp(T2))));
    },
    legal: (b, { N, P, T2 }) => void b.initiate(neighbor(N, path(P, tcp(T2)))),
  }),

  ruleCase('offload-only-synchronized-tcp-state', {
    given: nothing,
    breaks: (b, { N, P, T }) => void b.initiate(neighbor(N, path(P, tcp(T, TCPSTATE.TCPSTATE_SYN_SENT)))),
    legal: (b, { N, P, T }) => void b.initiate(neighbor(N, path(P, tcp(T, TCPSTATE.TCPSTATE_CLOSE_WAIT)))),
  }),

  ruleCase('no-offload-while-paused', {
    given: (b) => {
      const o = objects(b);
      b.status(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE);
      return o;
    },
    breaks: (b, { N, P, T }) => void b.initiate(neighbor(N, path(P, tcp(T)))),
    legal: (b, { N, P, T }) => {
      b.status(NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME);
      b.initiate(neighbor(N, path(P, tcp(T))));
    },
  }),

  ruleCase('no-operation-before-initiate-complete', {
    given: initiating,
    breaks: (b, { T }) => void b.update(tcp(T)),
    legal: (b, { T, call }) => {
      b.complete(call);
      b.update(tcp(T));
    },
  }),

  ruleCase('no-operation-after-terminate', {
    given: offloaded,
    breaks: (b, { T }) => {
      b.terminate(tcp(T));
      b.update(tcp(T));
    },
    // The same two operations, the update first and completed before the terminate.
    legal: (b, { T }) => {
      b.complete(b.update(tcp(T)));
      b.terminate(tcp(T));
    },
  }),

  ruleCase('operation-on-offloaded-object', {
    given: offloaded,
    breaks: (b, { T2 }) => void b.query(tcp(T2)),
    legal: (b, { T }) => void b.query(tcp(T)),
  }),

  ruleCase('one-update-in-flight', {
    given: offloaded,
    breaks: (b, { T }) => {
      b.update(tcp(T));
      b.update(tcp(T));
    },
    legal: (b, { T }) => {
      b.complete(b.update(tcp(T)));
      b.update(tcp(T));
    },
  }),

  ruleCase('terminate-after-operations-complete', {
    given: offloaded,
    breaks: (b, { T }) => {
      b.query(tcp(T));
      b.terminate(tcp(T));
    },
    legal: (b, { T }) => {
      b.complete(b.query(tcp(T)));
      b.terminate(tcp(T));
    },
  }),

  ruleCase('terminate-neighbor-or-path-with-dependents', {
    given: offloaded,
    // The path alone, leaving tcp 1 behind.
    breaks: (b, { P }) => void b.terminate(path(P)),
    legal: (b, { P, T }) => void b.terminate(path(P, tcp(T))),
  }),

  ruleCase('io-on-offloaded-connection', {
    given: offloaded,
    breaks: (b, { T2 }) => b.send(T2),
    legal: (b, { T }) => b.send(T),
  }),

  ruleCase('no-io-before-initiate-complete', {
    given: initiating,
    breaks: (b, { T }) => b.send(T),
    legal: (b, { T, call }) => {
      b.complete(call);
      b.send(T);
    },
  }),

  ruleCase('no-io-after-terminate-started', {
    given: offloaded,
    breaks: (b, { N, P, T }) => {
      b.terminate(neighbor(N, path(P, tcp(T))));
      b.send(T);
    },
    legal: (b, { N, P, T }) => {
      b.send(T);
      b.terminate(neighbor(N, path(P, tcp(T))));
    },
  }),

  ruleCase('io-returns-pending', {
    given: offloaded,
    breaks: (b, { T }) => b.send(T, NDIS_STATUS.NDIS_STATUS_SUCCESS),
    legal: (b, { T }) => b.send(T),
  }),

  ruleCase('nbl-completed-once', {
    given: (b) => {
      const o = offloaded(b);
      return { ...o, nbl: b.send(o.T) };
    },
    breaks: (b, { nbl }) => {
      b.sendComplete(nbl);
      b.sendComplete(nbl);
    },
    legal: (b, { T, nbl }) => b.sendComplete(nbl, b.send(T)),
  }),

  ruleCase('send-completions-in-order', {
    given: (b) => {
      const o = offloaded(b);
      return { ...o, first: b.send(o.T), second: b.send(o.T) };
    },
    breaks: (b, { second }) => b.sendComplete(second),
    legal: (b, { first, second }) => {
      b.sendComplete(first);
      b.sendComplete(second);
    },
  }),

  ruleCase('send-list-fails-after-first-failure', {
    given: (b) => {
      const o = offloaded(b);
      const [first, second] = b.sendList(o.T, 2);
      return { ...o, first: first!, second: second! };
    },
    breaks: (b, { first, second }) => {
      b.completeWith('NdisTcpOffloadSendComplete', NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS, first);
      b.sendComplete(second);
    },
    legal: (b, { first, second }) => b.completeWith('NdisTcpOffloadSendComplete', NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS, first, second),
  }),

  ruleCase('receive-indication-status-success', {
    given: offloaded,
    breaks: (b, { T }) => void b.indicate(T, 0, 100, undefined, NDIS_STATUS.NDIS_STATUS_RESOURCES),
    legal: (b, { T }) => void b.indicate(T, 0, 100),
  }),

  ruleCase('receive-indication-result-legal', {
    given: offloaded,
    // "Partly" accepted, yet every byte consumed: that result is SUCCESS.
    breaks: (b, { T }) => void b.indicate(T, 0, 100, { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED, BytesConsumed: 100 }),
    legal: (b, { T }) => void b.indicate(T, 0, 100, { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED, BytesConsumed: 40 }),
  }),

  ruleCase('receive-data-in-order', {
    given: (b) => {
      const o = offloaded(b);
      return { ...o, first: b.post(o.T), second: b.post(o.T) };
    },
    // Bytes 100..150 are skipped.
    breaks: (b, { first, second }) => b.receiveComplete(NDIS_STATUS.NDIS_STATUS_SUCCESS, b.fill(first, 0), b.fill(second, 150)),
    legal: (b, { first, second }) => b.receiveComplete(NDIS_STATUS.NDIS_STATUS_SUCCESS, b.fill(first, 0), b.fill(second, 100)),
  }),

  ruleCase('no-receive-data-after-disconnect-indication', {
    given: (b) => {
      const o = offloaded(b);
      return { ...o, posted: b.post(o.T) };
    },
    breaks: (b, { T, posted }) => {
      b.event(T, E.TcpIndicateDisconnect);
      b.receiveComplete(NDIS_STATUS.NDIS_STATUS_SUCCESS, b.fill(posted, 0));
    },
    legal: (b, { T, posted }) => {
      b.receiveComplete(NDIS_STATUS.NDIS_STATUS_SUCCESS, b.fill(posted, 0));
      b.event(T, E.TcpIndicateDisconnect);
    },
  }),

  ruleCase('posted-receives-filled-before-indication', {
    given: (b) => {
      const o = offloaded(b);
      return { ...o, buffer: b.post(o.T, 100) };
    },
    // 40 bytes arrive: the target offers them up instead of putting them in the posted buffer.
    breaks: (b, { T }) => void b.indicate(T, 0, 40),
    legal: (b, { T, buffer }) => {
      b.receiveComplete(NDIS_STATUS.NDIS_STATUS_SUCCESS, b.fill(buffer, 0, 100));
      b.indicate(T, 100, 40);
    },
  }),

  ruleCase('receive-after-disconnect-invalid-state', {
    given: (b) => {
      const o = offloaded(b);
      b.event(o.T, E.TcpIndicateDisconnect);
      return { ...o, posted: b.post(o.T) };
    },
    // Empty, but SUCCESS: as if more data could still come.
    breaks: (b, { posted }) => b.receiveComplete(NDIS_STATUS.NDIS_STATUS_SUCCESS, posted),
    legal: (b, { posted }) => b.receiveComplete(NDIS_STATUS.NDIS_STATUS_INVALID_STATE, posted),
  }),

  ruleCase('receive-return-of-lent-nbl', {
    given: (b) => {
      const o = offloaded(b);
      return { ...o, kept: b.indicate(o.T, 0, 100) };
    },
    breaks: (b, { kept }) => {
      b.receiveReturn([kept]);
      b.receiveReturn([kept]);
    },
    legal: (b, { kept }) => b.receiveReturn([kept]),
  }),

  ruleCase('receive-return-returns-success', {
    given: (b) => {
      const o = offloaded(b);
      return { ...o, kept: b.indicate(o.T, 0, 100) };
    },
    breaks: (b, { kept }) => b.receiveReturn([kept], NDIS_STATUS.NDIS_STATUS_PENDING),
    legal: (b, { kept }) => b.receiveReturn([kept]),
  }),

  ruleCase('io-aborted-after-abort', {
    given: (b) => {
      const o = offloaded(b);
      return { ...o, sent: b.send(o.T), posted: b.post(o.T), closing: b.disconnect(o.T) };
    },
    // The reset is indicated, then the send still completes with SUCCESS.
    breaks: (b, { T, sent, posted, closing }) => {
      b.event(T, E.TcpIndicateAbort);
      b.sendComplete(sent);
      b.receiveComplete(NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED, posted);
      b.completeWith('NdisTcpOffloadDisconnectComplete', NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED, closing);
    },
    legal: (b, { T, sent, posted, closing }) => {
      b.event(T, E.TcpIndicateAbort);
      b.completeWith('NdisTcpOffloadSendComplete', NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED, sent);
      b.receiveComplete(NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED, posted);
      b.completeWith('NdisTcpOffloadDisconnectComplete', NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED, closing);
    },
  }),

  ruleCase('event-type-legal', {
    given: offloaded,
    breaks: (b, { T }) => b.event(T, 9),
    legal: (b, { T }) => b.event(T, E.TcpIndicateSendBacklogChange, 65536),
  }),

  ruleCase('upload-reason-legal', {
    given: offloaded,
    breaks: (b, { T }) => b.event(T, E.TcpIndicateRetrieve, R.MaxUploadReason),
    legal: (b, { T }) => b.event(T, E.TcpIndicateRetrieve, R.LowActivity),
  }),

  ruleCase('indication-on-known-connection', {
    given: offloaded,
    // tcp 2 was never offloaded through this binding.
    breaks: (b, { T2 }) => b.event(T2, E.TcpIndicateAbort),
    legal: (b, { T }) => b.event(T, E.TcpIndicateAbort),
  }),

  ruleCase('no-indication-before-initiate-complete', {
    given: initiating,
    breaks: (b, { T }) => b.event(T, E.TcpIndicateDisconnect),
    legal: (b, { T, call }) => {
      b.complete(call);
      b.event(T, E.TcpIndicateDisconnect);
    },
  }),

  ruleCase('no-discretionary-retrieve-when-half-closed', {
    given: (b) => {
      const o = offloaded(b);
      b.event(o.T, E.TcpIndicateDisconnect);
      return o;
    },
    breaks: (b, { T }) => b.event(T, E.TcpIndicateRetrieve, R.LowActivity),
    legal: (b, { T }) => b.event(T, E.TcpIndicateRetrieve, R.TimeoutExpiration),
  }),

  ruleCase('disconnect-indicated-after-data-before-fin', {
    given: (b) => {
      const o = offloaded(b);
      b.segment('peer', 'tcp 1', { seq: 0, len: 100, ack: 0, fin: true }); // 100 bytes, then the FIN
      b.segment('target', 'tcp 1', { seq: 0, len: 0, ack: 101 });
      return o;
    },
    // The FIN goes up while the 100 bytes before it are still in the target.
    breaks: (b, { T }) => b.event(T, E.TcpIndicateDisconnect),
    legal: (b, { T }) => {
      b.indicate(T, 0, 100);
      b.event(T, E.TcpIndicateDisconnect);
    },
  }),

  ruleCase('target-rst-only-for-abortive-disconnect', {
    given: offloaded,
    // The target resets the connection on its own (a graceful close asked for, not an abortive one).
    breaks: (b, { T }) => {
      b.disconnect(T);
      b.segment('target', 'tcp 1', { seq: 0, len: 0, ack: null, rst: true });
    },
    legal: (b, { T }) => {
      b.disconnect(T, TCP_DISCONNECT_ABORTIVE_CLOSE);
      b.segment('target', 'tcp 1', { seq: 0, len: 0, ack: null, rst: true });
    },
  }),

  ruleCase('target-acks-within-advertised-window', {
    // Offloaded with RcvNxt 0, RcvWnd 65535 (the delegated defaults): the right edge is 65535.
    given: offloaded,
    breaks: (b) => {
      b.segment('peer', 'tcp 1', { seq: 0, len: 70_000, ack: 0, wnd: 65_535 }); // a peer that ignores the window
      b.segment('target', 'tcp 1', { seq: 0, len: 0, ack: 70_000, wnd: 0 }); // and a target that takes it all
    },
    legal: (b) => {
      b.segment('peer', 'tcp 1', { seq: 0, len: 70_000, ack: 0, wnd: 65_535 });
      b.segment('target', 'tcp 1', { seq: 0, len: 0, ack: 65_535, wnd: 0 }); // the rest dropped, the window full
      b.segment('target', 'tcp 1', { seq: 0, len: 0, ack: 65_535, wnd: 4_000 }); // a window update once the host read
      b.segment('peer', 'tcp 1', { seq: 65_535, len: 4_000, ack: 0, wnd: 65_535, fin: true });
      b.segment('target', 'tcp 1', { seq: 0, len: 0, ack: 69_536, wnd: 0 }); // the FIN counts, at the right edge
    },
  }),

  ruleCase('target-sends-within-peer-window', {
    // Offloaded with SndUna 0, SndWnd 65535; then the peer closes its window at 1000.
    given: (b) => {
      const o = offloaded(b);
      b.segment('peer', 'tcp 1', { seq: 0, len: 0, ack: 1_000, wnd: 0 });
      return o;
    },
    breaks: (b) => b.segment('target', 'tcp 1', { seq: 1_000, len: 500, ack: 0, wnd: 65_535 }),
    legal: (b) => {
      b.segment('target', 'tcp 1', { seq: 1_000, len: 1, ack: 0, wnd: 65_535 }); // the persist timer's 1-byte probe
      b.segment('peer', 'tcp 1', { seq: 0, len: 0, ack: 1_000, wnd: 2_000 }); // the window opens
      b.segment('target', 'tcp 1', { seq: 1_000, len: 2_000, ack: 0, wnd: 65_535 });
    },
  }),

  ruleCase('mandatory-retrieve-answered-by-upload', {
    given: (b) => {
      const o = offloaded(b);
      b.event(o.T, E.TcpIndicateRetrieve, R.UploadRequested);
      return o;
    },
    breaks: (b) => b.quiescence(),
    legal: (b, { T }) => {
      b.terminate(tcp(T));
      b.quiescence();
    },
  }),

  ruleCase('im-relays-tcp-offload-event', {
    given: throughIm1,
    // IM1 gets a SendBacklogChange from the target and passes nothing up.
    breaks: (b, { im }) => {
      b.at(IM1_TARGET).event(im.T, E.TcpIndicateSendBacklogChange, 65536);
      b.quiescence();
    },
    legal: (b, { host, im }) => {
      b.at(IM1_TARGET).event(im.T, E.TcpIndicateSendBacklogChange, 65536);
      b.at(HOST_IM1).event(host.T, E.TcpIndicateSendBacklogChange, 65536);
      b.quiescence();
    },
  }),

  ruleCase('im-relays-event-once', {
    given: throughIm1,
    // IM1 gets one SendBacklogChange from the target and passes it up twice.
    breaks: (b, { host, im }) => {
      b.at(IM1_TARGET).event(im.T, E.TcpIndicateSendBacklogChange, 65536);
      b.at(HOST_IM1).event(host.T, E.TcpIndicateSendBacklogChange, 65536);
      b.at(HOST_IM1).event(host.T, E.TcpIndicateSendBacklogChange, 65536);
    },
    legal: (b, { host, im }) => {
      b.at(IM1_TARGET).event(im.T, E.TcpIndicateSendBacklogChange, 65536);
      b.at(HOST_IM1).event(host.T, E.TcpIndicateSendBacklogChange, 65536);
      b.at(IM1_TARGET).event(im.T, E.TcpIndicateSendBacklogChange, 65536); // the target says it again: relayed again
      b.at(HOST_IM1).event(host.T, E.TcpIndicateSendBacklogChange, 65536);
    },
  }),

  ruleCase('im-relays-receive-indication', {
    given: (b) => ({ ...throughIm1(b), nbl: b.nbl('tcp 1', 0, 100) }),
    // IM1 says the data was taken, and never offered it to the host.
    breaks: (b, { im, nbl }) => {
      b.at(IM1_TARGET).offer(im.T, nbl);
      b.answer(im.T, nbl, { Status: NDIS_STATUS.NDIS_STATUS_SUCCESS, BytesConsumed: 100 });
    },
    legal: (b, { host, im, nbl }) => {
      const taken = { Status: NDIS_STATUS.NDIS_STATUS_SUCCESS, BytesConsumed: 100 };
      b.at(IM1_TARGET).offer(im.T, nbl);
      b.at(HOST_IM1).offer(host.T, nbl);
      b.answer(host.T, nbl, taken);
      b.at(IM1_TARGET).answer(im.T, nbl, taken);
    },
  }),

  ruleCase('im-relays-status-indication', {
    given: throughIm1,
    breaks: (b) => {
      b.at(IM1_TARGET).status(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE);
      b.quiescence();
    },
    legal: (b) => {
      b.at(IM1_TARGET).status(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE);
      b.at(HOST_IM1).status(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE);
      b.quiescence();
    },
  }),

  ruleCase('offload-state-legal', {
    given: () => undefined,
    breaks: (b) => b.offloadState(S.TcpConnectionOffloadStateInHost, S.TcpConnectionOffloadStateMax, 'NdisInitiateOffload'),
    legal: (b) => b.offloadState(S.TcpConnectionOffloadStateInHost, S.TcpConnectionOffloadStateOffloading, 'NdisInitiateOffload'),
  }),

  ruleCase('offload-transition-legal', {
    given: () => undefined,
    // Skipping Offloading.
    breaks: (b) => b.offloadState(S.TcpConnectionOffloadStateInHost, S.TcpConnectionOffloadStateOffloaded, 'NdisInitiateOffload'),
    legal: (b) => b.offloadState(S.TcpConnectionOffloadStateInHost, S.TcpConnectionOffloadStateOffloading, 'NdisInitiateOffload'),
  }),
];

// ---- the tests ----

describe('every rule in RULEBOOK', () => {
  it('has exactly one case here, and every case names a rule', () => {
    const ruleIds = RULEBOOK.map((r) => r.id);
    const caseIds = CASES.map((c) => c.id);
    expect(ruleIds.filter((id) => !caseIds.includes(id)), 'rules without a case').toEqual([]);
    expect(caseIds.filter((id) => !ruleIds.includes(id)), 'cases for no rule').toEqual([]);
    expect(new Set(caseIds).size, 'duplicate cases').toBe(caseIds.length);
  });

  it.each(RULEBOOK.map((r): [string, Rule] => [r.id, r]))('%s fires on the breaking sequence and not on the nearest legal one', (id, rule) => {
    const c = CASES.find((x) => x.id === id);
    expect(c, `no case for rule ${id}: add one to CASES`).toBeDefined();

    const bad = new Bench();
    const badRun = c!.start(bad);
    expect(bad.violations, 'the shared prefix is legal').toEqual([]);
    badRun.breaks();
    expect(bad.ruleIds()).toContain(id);
    expect(new Set(bad.ruleIds()), 'only this rule fires').toEqual(new Set([id]));
    for (const v of bad.violations) expect(v.source).toBe(rule.source);

    const good = new Bench();
    c!.start(good).legal();
    expect(good.violations).toEqual([]);
  });
});

describe('status-legal-for-operation on an initiate', () => {
  it('rejects OFFLOAD_PARTIAL_SUCCESS on a TCP node and accepts it on a path with a failed dependent', () => {
    const bad = new Bench();
    const o = objects(bad);
    const call = bad.initiate(neighbor(o.N, path(o.P, tcp(o.T))));
    bad.complete(call, { 'tcp 1': NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS });
    expect(bad.ruleIds()).toContain('status-legal-for-operation');

    const good = new Bench();
    const g = objects(good);
    const ok = good.initiate(neighbor(g.N, path(g.P, tcp(g.T))));
    good.complete(ok, { path: NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS, 'tcp 1': NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES, neighbor: NDIS_STATUS.NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS });
    expect(good.ruleIds()).not.toContain('status-legal-for-operation');
  });
});

// ---- the data-path rules, beyond their one case each ----

/** A TCP node whose delegated state says where its receive data stands (RcvNxt, and BufferedData before it). */
function tcpReceiving(h: NDIS_OFFLOAD_HANDLE, RcvNxt: number, BufferedData: NET_BUFFER_LIST | null = null): NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
  const node = tcp(h);
  const { Delegated } = node.State as TcpOffloadStructures;
  Delegated!.RcvNxt = RcvNxt;
  Delegated!.BufferedData = BufferedData;
  return node;
}

/** neighbor -> path -> a TCP node built by `node`, offloaded. */
function offloadedWith(b: Bench, node: (T: NDIS_OFFLOAD_HANDLE) => NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST): Objects {
  const o = objects(b);
  b.complete(b.initiate(neighbor(o.N, path(o.P, node(o.T)))));
  return o;
}

const SUCCESS = NDIS_STATUS.NDIS_STATUS_SUCCESS;

describe('the monitor keeps each kind of NBL in its own order', () => {
  it('a send completes with SUCCESS while an earlier receive post is still outstanding', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const posted = b.post(T);
    const sent = b.send(T);
    b.sendComplete(sent);
    expect(b.violations).toEqual([]);
    b.receiveComplete(SUCCESS, b.fill(posted, 0));
    expect(b.violations).toEqual([]);
    // A receive buffer is completed once, like a send.
    b.receiveComplete(SUCCESS, posted);
    expect(b.ruleIds()).toEqual(['nbl-completed-once']);
  });
});

describe('receive-data-in-order', () => {
  it('starts at the first byte of the initiate\'s BufferedData', () => {
    const good = new Bench();
    const buffered = good.nbl('tcp 1', 300, 200, 900);
    const g = offloadedWith(good, (T) => tcpReceiving(T, 500, buffered));
    good.indicate(g.T, 300, 200);
    good.indicate(g.T, 500, 10);
    expect(good.violations).toEqual([]);

    // The target delivers new data first: the buffered bytes 300..500 are skipped.
    const bad = new Bench();
    const o = offloadedWith(bad, (T) => tcpReceiving(T, 500, bad.nbl('tcp 1', 300, 200, 900)));
    bad.indicate(o.T, 500, 10);
    expect(bad.ruleIds()).toEqual(['receive-data-in-order']);
    expect(bad.violations[0]!.detail).toContain('ends at 300');
  });

  it('starts at RcvNxt without BufferedData', () => {
    const b = new Bench();
    const { T } = offloadedWith(b, (h) => tcpReceiving(h, 500));
    b.receiveComplete(SUCCESS, b.fill(b.post(T), 500));
    expect(b.violations).toEqual([]);
  });

  it('an indication advances by what the host took: all, BytesConsumed, or nothing', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.indicate(T, 0, 100, { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED, BytesConsumed: 40 });
    b.indicate(T, 40, 60, { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, BytesConsumed: 0 });
    b.receiveComplete(SUCCESS, b.fill(b.post(T), 40, 60));
    b.indicate(T, 100, 50);
    b.indicate(T, 150, 50);
    expect(b.violations).toEqual([]);
    // Offered again from 100 although the host took 100..200.
    b.indicate(T, 100, 100);
    expect(b.ruleIds()).toEqual(['receive-data-in-order']);
  });

  it('a buffer posted with bytes in it: only what the target added counts; an empty completion carries nothing', () => {
    const b = new Bench();
    // The host had bytes 0..10 and put them in the buffer before posting it; RcvNxt is 10.
    const { T } = offloadedWith(b, (h) => tcpReceiving(h, 10));
    const prefilled = b.receiveBuffer('tcp 1', 100, 800);
    b.fill(prefilled, 0, 10);
    b.rulebook.crossing({ kind: 'io', fn: 'NdisOffloadTcpReceive', binding: 0, caller: 'host', callee: 'target', handle: T, NetBufferList: prefilled, Flags: 0 });
    const empty = b.post(T, 0);
    b.receiveComplete(SUCCESS, b.fill(prefilled, 10, 30), empty);
    b.indicate(T, 40, 10);
    expect(b.violations).toEqual([]);
  });

  it('covers each connection of a batched completion on its own, and forgets a terminated connection', () => {
    const b = new Bench();
    const o = objects(b);
    b.complete(b.initiate(neighbor(o.N, path(o.P, tcpReceiving(o.T, 0), tcpReceiving(o.T2, 1000)))));
    const one = b.post(o.T);
    const two = b.post(o.T2);
    b.receiveComplete(SUCCESS, b.fill(one, 0), b.fill(two, 1000));
    expect(b.violations).toEqual([]);
    // tcp 1 is uploaded, then offloaded again (a new handle, under the path) with RcvNxt 7000.
    b.complete(b.terminate(tcp(o.T)));
    const again = b.handle('tcp 1');
    b.complete(b.initiate(path(o.P, tcpReceiving(again, 7000))));
    b.indicate(again, 7000, 10);
    expect(b.violations).toEqual([]);
  });
});

describe('no-receive-data-after-disconnect-indication and receive-after-disconnect-invalid-state', () => {
  it('an indication after TcpIndicateDisconnect is data after it', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    b.event(T, E.TcpIndicateDisconnect);
    b.indicate(T, 0, 10);
    expect(b.ruleIds()).toEqual(['no-receive-data-after-disconnect-indication']);
  });

  it('a buffer posted before the Disconnect may complete empty after it', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const posted = b.post(T);
    b.event(T, E.TcpIndicateDisconnect);
    b.receiveComplete(SUCCESS, posted);
    expect(b.violations).toEqual([]);
  });

  it.each([NDIS_STATUS.NDIS_STATUS_REQUEST_ABORTED, NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS])(
    'a receive posted after the Disconnect may also complete with %i (reset, upload)',
    (status) => {
      const b = new Bench();
      const { T } = offloaded(b);
      b.event(T, E.TcpIndicateDisconnect);
      b.receiveComplete(status, b.post(T));
      expect(b.violations).toEqual([]);
    },
  );
});

describe('receive-return-of-lent-nbl', () => {
  it('a refused indication lends nothing', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const refused = b.indicate(T, 0, 100, { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, BytesConsumed: 0 });
    b.receiveReturn([refused]);
    expect(b.ruleIds()).toEqual(['receive-return-of-lent-nbl']);
    expect(b.violations[0]!.layer).toBe('host');
  });

  it("a terminate's BufferedData is lent until the host returns it, after the terminate", () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const call = b.terminate(tcp(T));
    const buffered = b.nbl('tcp 1', 0, 50, 900);
    (call.M.State as TcpOffloadStructures).Delegated!.BufferedData = buffered; // the target hands it back
    b.complete(call);
    b.receiveReturn([buffered]);
    expect(b.violations).toEqual([]);
    b.receiveReturn([buffered]);
    expect(b.ruleIds()).toEqual(['receive-return-of-lent-nbl']);
  });

  it('the same NBL twice in one return is returned twice', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const kept = b.indicate(T, 0, 100);
    b.receiveReturn([kept, kept]);
    expect(b.ruleIds()).toEqual(['receive-return-of-lent-nbl']);
  });
});

describe('who breaks a receive rule', () => {
  it('the target, for what it passes or returns; the host, for its indication result and its returns', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const kept = b.indicate(T, 0, 100, { Status: SUCCESS, BytesConsumed: 99 });
    b.indicate(T, 100, 10, undefined, NDIS_STATUS.NDIS_STATUS_RESOURCES);
    b.receiveReturn([kept], NDIS_STATUS.NDIS_STATUS_PENDING);
    b.receiveReturn([kept]);
    expect(b.violations.map((v) => [v.rule, v.layer])).toEqual([
      ['receive-indication-result-legal', 'host'],
      ['receive-indication-status-success', 'target'],
      ['receive-return-returns-success', 'target'],
      ['receive-return-of-lent-nbl', 'host'],
    ]);
  });
});

describe('io-aborted-after-abort', () => {
  it('a completion the target made before the reset may cross after TcpIndicateAbort', () => {
    const b = new Bench();
    const { T } = offloaded(b);
    const sent = b.send(T);
    const posted = b.post(T);
    sent.Status = SUCCESS; // completed (and waiting to cross) before the target saw the RST
    b.fill(posted, 0).Status = SUCCESS;
    b.event(T, E.TcpIndicateAbort);
    b.deliverCompletion('NdisTcpOffloadSendComplete', sent);
    b.deliverCompletion('NdisTcpOffloadReceiveComplete', posted);
    expect(b.violations).toEqual([]);
  });

  it('judges only the connection that was reset, and receives and disconnects as well as sends', () => {
    const b = new Bench();
    const o = objects(b);
    b.complete(b.initiate(neighbor(o.N, path(o.P, tcp(o.T), tcp(o.T2)))));
    const other = b.send(o.T2);
    const posted = b.post(o.T);
    const closing = b.disconnect(o.T);
    b.event(o.T, E.TcpIndicateAbort);
    b.sendComplete(other);
    expect(b.violations).toEqual([]);
    b.receiveComplete(NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS, posted);
    b.completeWith('NdisTcpOffloadDisconnectComplete', SUCCESS, closing);
    expect(b.ruleIds()).toEqual(['io-aborted-after-abort', 'io-aborted-after-abort']);
    expect(b.violations.every((v) => v.layer === 'target' && v.objects[0] === 'tcp 1')).toBe(true);
  });
});

describe('indication rules cover receive indications', () => {
  it('indication-on-known-connection: data offered on a connection never offloaded through the binding', () => {
    const b = new Bench();
    const { T2 } = offloaded(b);
    b.indicate(T2, 0, 10);
    expect(b.ruleIds()).toEqual(['indication-on-known-connection']);
  });

  it('no-indication-before-initiate-complete: data offered while the connection is Offloading', () => {
    const b = new Bench();
    const { T } = initiating(b);
    b.indicate(T, 0, 10);
    expect(b.ruleIds()).toEqual(['no-indication-before-initiate-complete']);
    expect(b.violations[0]!.detail).toContain('NdisTcpOffloadReceiveHandler');

    const good = new Bench();
    const g = initiating(good);
    good.complete(g.call);
    good.indicate(g.T, 0, 10);
    expect(good.violations).toEqual([]);
  });
});

describe('im-relays-tcp-offload-event: when it judges, and whom it blames', () => {
  it('a dropped event is found when the next call comes up through the driver\'s binding, blamed on the driver, and reported once', () => {
    const b = new Bench();
    const { host, im } = throughIm1(b);
    b.at(IM1_TARGET).event(im.T, E.TcpIndicateSendBacklogChange, 65536);
    expect(b.violations).toEqual([]); // IM1's handler may still be running
    b.event(im.T, E.TcpIndicateSendBacklogChange, 1024); // the next call up: IM1's handler has returned
    expect(b.violations.map((v) => [v.rule, v.layer, v.objects])).toEqual([['im-relays-tcp-offload-event', 'IM1', ['tcp 1']]]);
    expect(b.violations[0]!.detail).toContain('TcpIndicateSendBacklogChange(65536 bytes)');
    expect(b.violations[0]!.detail).toContain(handleKey(im.T));
    b.at(HOST_IM1).event(host.T, E.TcpIndicateSendBacklogChange, 1024); // the second one is relayed
    b.quiescence();
    expect(b.violations).toHaveLength(1);
  });

  it('calls IM1 makes upward before its relay judge nothing (they cross above its binding)', () => {
    const b = new Bench();
    const { host, im } = throughIm1(b);
    b.at(IM1_TARGET).event(im.T, E.TcpIndicateRetrieve, R.UploadRequested);
    b.at(HOST_IM1).status(NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME); // IM1 raises a status of its own first
    b.event(host.T, E.TcpIndicateRetrieve, R.UploadRequested);
    b.terminate(tcp(host.T));
    b.quiescence();
    expect(b.violations).toEqual([]);
  });

  it('a relay that changes EventSpecificInformation is found at once, blamed on the driver', () => {
    const b = new Bench();
    const { host, im } = throughIm1(b);
    b.at(IM1_TARGET).event(im.T, E.TcpIndicateRetrieve, R.UploadRequested);
    b.at(HOST_IM1).event(host.T, E.TcpIndicateRetrieve, R.LowActivity);
    expect(b.violations.map((v) => [v.rule, v.layer])).toEqual([['im-relays-tcp-offload-event', 'IM1']]);
    expect(b.violations[0]!.detail).toMatch(/passed up TcpIndicateRetrieve\(LowActivity.*got TcpIndicateRetrieve\(UploadRequested/);
    b.quiescence(); // the changed relay answered it: nothing is owed any more
    expect(b.violations).toHaveLength(1);
  });

  it('a handle that is not one of the driver\'s entries owes nothing (the driver may drop it)', () => {
    const b = new Bench();
    const { im } = throughIm1(b);
    b.at(IM1_TARGET).event(im.T2, E.TcpIndicateAbort); // tcp 2 was never offloaded through IM1
    b.quiescence();
    expect(b.ruleIds()).toEqual(['indication-on-known-connection']);
    expect(b.violations[0]!.layer).toBe('target');
  });

  it('with two drivers, blames the one that dropped it', () => {
    const IM1_IM2: Place = { binding: 1, upper: 'IM1', lower: 'IM2' };
    const IM2_TARGET: Place = { binding: 2, upper: 'IM2', lower: 'target' };
    const b = new Bench();
    offloaded(b.at(HOST_IM1));
    const im1 = offloaded(b.at(IM1_IM2));
    const im2 = offloaded(b.at(IM2_TARGET));
    b.at(IM2_TARGET).event(im2.T, E.TcpIndicateAbort);
    b.at(IM1_IM2).event(im1.T, E.TcpIndicateAbort); // IM2 relays; IM1 drops it
    b.quiescence();
    expect(b.violations.map((v) => [v.rule, v.layer])).toEqual([['im-relays-tcp-offload-event', 'IM1']]);
  });
});

describe('im-relays-status-indication', () => {
  it('is blamed on the driver at the next call up through its binding; a status it raises itself is no relay', () => {
    const b = new Bench();
    const { im } = throughIm1(b);
    b.at(IM1_TARGET).status(NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL);
    b.at(HOST_IM1).status(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE); // not the StatusCode it got
    expect(b.violations).toEqual([]);
    b.at(IM1_TARGET).event(im.T, E.TcpIndicateSendBacklogChange, 1);
    expect(b.violations.map((v) => [v.rule, v.layer])).toEqual([['im-relays-status-indication', 'IM1']]);
    expect(b.violations[0]!.detail).toContain('NDIS_STATUS_UPLOAD_ALL');
  });
});

describe('im-relays-receive-indication', () => {
  it('IM1 returns what the layer above returned', () => {
    const b = new Bench();
    const { host, im } = throughIm1(b);
    const nbl = b.nbl('tcp 1', 0, 100);
    b.at(IM1_TARGET).offer(im.T, nbl);
    b.at(HOST_IM1).offer(host.T, nbl);
    b.answer(host.T, nbl, { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED, BytesConsumed: 40 });
    b.at(IM1_TARGET).answer(im.T, nbl, { Status: NDIS_STATUS.NDIS_STATUS_SUCCESS, BytesConsumed: 100 });
    expect(b.violations.map((v) => [v.rule, v.layer])).toEqual([['im-relays-receive-indication', 'IM1']]);
    expect(b.violations[0]!.detail).toContain('the layer above returned NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED');
  });

  it('refusing data for a handle that is not one of its entries is no drop', () => {
    const b = new Bench();
    const { im } = throughIm1(b);
    const nbl = b.nbl('tcp 2', 0, 100);
    b.at(IM1_TARGET).offer(im.T2, nbl);
    b.answer(im.T2, nbl, { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, BytesConsumed: 0 });
    expect(b.ruleIds()).toEqual(['indication-on-known-connection']);
  });
});

describe('send-list-fails-after-first-failure at every binding', () => {
  /** The host posts two NBLs in one list through IM1, IM1 posts them again below, and the target fails both. */
  function failedList(b: Bench): NET_BUFFER_LIST[] {
    const { host, im } = throughIm1(b);
    const list = b.at(HOST_IM1).sendList(host.T, 2);
    b.at(IM1_TARGET).sendList(im.T, 2, list);
    b.completeWith('NdisTcpOffloadSendComplete', NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS, ...list);
    expect(b.violations).toEqual([]);
    return list;
  }

  it('judges the list the host posted when IM1 completes it: IM1 may not turn a later NBL into SUCCESS', () => {
    const b = new Bench();
    const [first, second] = failedList(b);
    second!.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS; // IM1 rewrites the Status on its way up
    b.at(HOST_IM1).deliverCompletion('NdisTcpOffloadSendComplete', first!, second!);
    expect(b.violations.map((v) => [v.rule, v.layer])).toEqual([['send-list-fails-after-first-failure', 'IM1']]);
  });

  it('is quiet when IM1 completes the list upward as it came', () => {
    const b = new Bench();
    const [first, second] = failedList(b);
    b.at(HOST_IM1).deliverCompletion('NdisTcpOffloadSendComplete', first!, second!);
    expect(b.violations).toEqual([]);
  });
});

describe('terminate-completes-after-outstanding-io, its other branches', () => {
  it('fires for a query still in flight when the terminate completes, and names it', () => {
    const b = new Bench();
    const o = offloaded(b);
    b.query(path(o.P, tcp(o.T)));
    b.complete(b.terminate(path(o.P, tcp(o.T))));
    expect(b.ruleIds()).toContain('terminate-completes-after-outstanding-io');
    expect(b.violations.find((v) => v.rule === 'terminate-completes-after-outstanding-io')!.detail).toContain('1 query or invalidate request(s)');
  });

  it('is quiet for send data handed back in NetBufferListChain', () => {
    const b = new Bench();
    const o = offloaded(b);
    const sent = b.send(o.T);
    const call = b.terminate(path(o.P, tcp(o.T)));
    // The target writes the chain into the tree it completes; NDIS carries it into the host's form.
    forEachBlock(call.M, (node) => {
      if (node.NdisOffloadHandle?.label === 'tcp 1') node.NetBufferListChain = sent;
    });
    b.complete(call);
    expect(b.violations).toEqual([]);
  });

  it('blames the target, not IM1, for a send held below IM1; IM1 for one it holds itself', () => {
    const b = new Bench();
    const { host, im } = throughIm1(b);
    const sent = b.at(HOST_IM1).send(host.T);
    b.at(IM1_TARGET).sendList(im.T, 1, [sent]);
    const imCall = b.at(IM1_TARGET).terminate(path(im.P, tcp(im.T)));
    const hostCall = b.at(HOST_IM1).terminate(path(host.P, tcp(host.T)));
    b.at(IM1_TARGET).complete(imCall);
    b.at(HOST_IM1).complete(hostCall);
    expect(b.violations.map((v) => [v.rule, v.layer])).toEqual([['terminate-completes-after-outstanding-io', 'target']]);

    const c = new Bench();
    const two = throughIm1(c);
    c.at(HOST_IM1).send(two.host.T); // IM1 keeps it and never passes it down
    c.at(IM1_TARGET).complete(c.at(IM1_TARGET).terminate(path(two.im.P, tcp(two.im.T))));
    c.at(HOST_IM1).complete(c.at(HOST_IM1).terminate(path(two.host.P, tcp(two.host.T))));
    expect(c.violations.map((v) => [v.rule, v.layer])).toEqual([['terminate-completes-after-outstanding-io', 'IM1']]);
  });
});

/**
 * A running simulation: commands for the host stack and the offload target, the scheduler's pending
 * items, the trace, and the host's connection table. Commands are checked here, so bad input is a
 * RangeError naming what was expected and never reaches (or breaks) a layer.
 */
import { tcbOf, type HostContext } from '../layers/hostStack/HostContext.js';
import { hostStackReceive, type HostCommand } from '../layers/hostStack/hostStack.js';
import type { ConnectionSpec } from '../layers/hostStack/hostCommands.js';
import type { Tcb } from '../layers/hostStack/Tcb.js';
import { offloadTargetReceive, type OffloadTargetCommand, type OffloadTargetContext } from '../layers/offloadTarget/offloadTarget.js';
import { fourTupleText, hasFlag, TargetFlags, type FourTuple } from '../layers/offloadTarget/TargetObject.js';
import { hostReceiveHoldings } from '../layers/hostStack/hostReceive.js';
import { targetReceiveHoldings } from '../layers/offloadTarget/targetReceive.js';
import type { Segment } from '../wire/Segment.js';
import { remotePeerReceive, type RemotePeerContext } from '../layers/remotePeer/remotePeer.js';
import { findConnection } from '../layers/offloadTarget/OffloadTargetContext.js';
import type { NET_BUFFER_LIST } from '../ndis/NET_BUFFER_LIST.js';
import { isOffloadStatusIndication, NDIS_STATUS, NdisStatusEnum } from '../ndis/NDIS_STATUS.js';
import type { TCP_OFFLOAD_STATE_CACHED, TCP_OFFLOAD_STATE_DELEGATED } from '../ndis/stateStructures.js';
import { TcpOffloadEventTypeEnum } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { MIB_TCP_STATE, mibTcpStateOf, TCPSTATE, type TCPSTATE as TcpState } from '../ndis/TCPSTATE.js';
import type { TCP_CONNECTION_OFFLOAD_STATE } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { Rulebook } from '../rules/Rulebook.js';
import type { PendingItem } from '../scheduler/PendingItem.js';
import type { Scheduler } from '../scheduler/Scheduler.js';
import type { SimulatedClock } from '../scheduler/SimulatedClock.js';
import { GetTcp6Table2, GetTcpTable2, type SizePointer } from '../table/GetTcpTable2.js';
import type { TcpTableEntry } from '../table/TcpTableEntry.js';
import { canonicalAddress } from '../table/formatAddress.js';
import type { Trace } from '../trace/Trace.js';
import type { ViolationEvent } from '../trace/TraceEvent.js';
import type { Ndis } from './Ndis.js';

export interface SimulationParts {
  names: string[];
  host: HostContext;
  target: OffloadTargetContext;
  peer: RemotePeerContext;
  trace: Trace;
  scheduler: Scheduler;
  clock: SimulatedClock;
  rules: Rulebook;
  ndis: Ndis;
  seed: number;
  policyName: string;
}

/** Where a connection's application bytes are (see Simulation.sendHoldings). */
export interface SendHoldings {
  appBytes: number;
  /** Bytes the peer has received, in order (its RCV.NXT for this connection). */
  peerReceived: number;
  /** Bytes the peer received twice. */
  peerDuplicates: number;
  acked: number;
  /** [start, end) stream ranges dropped after a reset or a close. */
  discarded: Array<[number, number]>;
  /** [start, end) stream ranges of the NBLs the host holds. */
  host: Array<[number, number]>;
  /** [start, end) stream ranges of the NBLs the target holds. */
  target: Array<[number, number]>;
  /** [start, end) stream ranges of NBLs in a completion not yet delivered to the host (send completions, handed-back chains). */
  completing: Array<[number, number]>;
}

/** Where the peer's bytes on a connection are (see Simulation.receiveHoldings). */
export interface ReceiveHoldings {
  /** Bytes the peer has sent (its send stream is [0, peerSent)). */
  peerSent: number;
  /** Bytes the application received, in order: [0, appReceived). */
  appReceived: number;
  /** Bytes that reached the application out of order or twice. */
  appMisdelivered: number;
  /** [start, end) ranges the host holds: unread, in its own receive buffers, or in segments it holds. */
  host: Array<[number, number]>;
  /** [start, end) ranges the target holds: buffered, or in partly filled posted buffers. */
  target: Array<[number, number]>;
  /** [start, end) ranges in a call on its way up: receive completions and indications, a terminate's BufferedData, a forward refused. */
  completing: Array<[number, number]>;
  /** [start, end) ranges in the peer's segments on the wire, or on their way up the normal receive path. */
  wire: Array<[number, number]>;
  /** The connection was reset: TCP delivers nothing more, so bytes may be missing (never duplicated). */
  reset: boolean;
}

/** A read-only view of one TCB. */
export interface ConnectionView {
  id: string;
  tcp: number;
  offload: number;
  sendBacklog: number;
  disconnectIndicated: boolean;
  aborted: boolean;
  /** Bytes of the peer's stream the application has received, in order. */
  received: number;
}

export class Simulation {
  /** Layer names, top to bottom: `host`, `IM1`..., `target`. */
  readonly layers: readonly string[];
  readonly trace: Trace;
  readonly scheduler: Scheduler;
  readonly clock: SimulatedClock;
  readonly rules: Rulebook;
  readonly seed: number;
  readonly policyName: string;
  private readonly hostContext: HostContext;
  private readonly targetContext: OffloadTargetContext;
  private readonly peerContext: RemotePeerContext;

  constructor(parts: SimulationParts) {
    this.layers = parts.names;
    this.hostContext = parts.host;
    this.targetContext = parts.target;
    this.peerContext = parts.peer;
    this.trace = parts.trace;
    this.scheduler = parts.scheduler;
    this.clock = parts.clock;
    this.rules = parts.rules;
    this.seed = parts.seed;
    this.policyName = parts.policyName;
  }

  /** The host adapter state: `OffloadEnabled` or `OffloadPaused`. */
  get hostAdapterState(): string {
    return this.hostContext.paused ? 'OffloadPaused' : 'OffloadEnabled';
  }

  /** A command to the host stack, recorded in the trace first. */
  private hostCommand(text: string, event: HostCommand): void {
    this.trace.record({ kind: 'command', text });
    hostStackReceive(this.hostContext, event);
  }

  /** A command to the offload target (the network or the NIC itself), recorded in the trace first. */
  private targetCommand(text: string, event: OffloadTargetCommand): void {
    this.trace.record({ kind: 'command', text });
    offloadTargetReceive(this.targetContext, event);
  }

  private tcb(id: string): Tcb {
    const t = this.hostContext.tcbs.get(id);
    if (!t) throw new RangeError(`no connection '${id}' (declared: ${[...this.hostContext.tcbs.keys()].join(', ') || 'none'})`);
    return t;
  }

  // ---- host stack ----

  /**
   * The host stack sets up a connection (a TCB; ESTABLISHED unless `state` says otherwise). Addresses are
   * kept in their canonical text (`0::1` is `::1`), so two spellings of one address are one path and neighbor.
   */
  addConnection(given: ConnectionSpec): void {
    if (this.hostContext.tcbs.has(given.id)) throw new RangeError(`connection '${given.id}' is declared twice`);
    const families = [given.localAddress, given.remoteAddress].map(addressFamily);
    if (families[0] !== families[1]) {
      throw new RangeError(`connection '${given.id}': ${given.localAddress} and ${given.remoteAddress} mix address families (both addresses IPv4, or both IPv6)`);
    }
    if (given.nextHop !== undefined && addressFamily(given.nextHop) !== families[0]) {
      throw new RangeError(`connection '${given.id}': next hop ${given.nextHop} is not an ${families[0]} address like its remote address ${given.remoteAddress}`);
    }
    let spec: ConnectionSpec;
    try {
      spec = {
        ...given, localAddress: canonicalAddress(given.localAddress), remoteAddress: canonicalAddress(given.remoteAddress),
        ...(given.nextHop === undefined ? {} : { nextHop: canonicalAddress(given.nextHop) }),
      };
    } catch (e) {
      throw new RangeError(`connection '${given.id}': ${(e as Error).message}`);
    }
    for (const [name, port] of [['localPort', spec.localPort], ['remotePort', spec.remotePort]] as const) {
      if (!Number.isInteger(port) || port < 0 || port > 0xffff) throw new RangeError(`connection '${spec.id}': ${name} ${port} is not a port (0..65535)`);
    }
    const same = tcbOf(this.hostContext, spec);
    if (same) throw new RangeError(`connection '${spec.id}' has the same 4-tuple as '${same.id}' (${fourTupleText(spec)}): TCP names a connection by it`);
    if (spec.state !== undefined && !(spec.state >= TCPSTATE.TCPSTATE_CLOSED && spec.state < TCPSTATE.TCPSTATE_MAX)) {
      throw new RangeError(`connection '${spec.id}': state ${spec.state} is not a TCPSTATE (0..10)`);
    }
    hostStackReceive(this.hostContext, { type: 'AddConnection', connection: spec });
  }

  /** The host decides to offload these connections (one NdisInitiateOffload). */
  offload(...ids: string[]): void {
    ids.forEach((id) => this.tcb(id));
    this.hostCommand(`host decides to offload ${ids.map((i) => `tcp ${i}`).join(', ')}`, { type: 'Offload', connections: ids });
  }

  /** The host decides to upload these connections (NdisTerminateOffload). */
  upload(...ids: string[]): void {
    ids.forEach((id) => this.tcb(id));
    this.hostCommand(`host decides to upload ${ids.map((i) => `tcp ${i}`).join(', ')}`, { type: 'Upload', connections: ids });
  }

  /** The host uploads everything it offloaded (as for a power transition). */
  uploadAll(): void {
    this.hostCommand('host decides to upload everything', { type: 'UploadAll' });
  }

  /** NdisUpdateOffload of a connection's cached variables. */
  update(id: string, Cached: Partial<TCP_OFFLOAD_STATE_CACHED>): void {
    this.tcb(id);
    this.hostCommand(`host updates the cached state of tcp ${id}`, { type: 'Update', connection: id, Cached });
  }

  /** NdisInvalidateOffload of a connection, or of its path or neighbor. */
  invalidate(id: string, layer: 'Tcp' | 'Path' | 'Neighbor' = 'Tcp'): void {
    this.tcb(id);
    this.hostCommand(`host invalidates the ${layer.toLowerCase()} object of tcp ${id}`, { type: 'Invalidate', connection: id, layer });
  }

  /** NdisQueryOffloadState of a connection. */
  query(id: string): void {
    this.tcb(id);
    this.hostCommand(`host queries tcp ${id}`, { type: 'Query', connection: id });
  }

  /** The next hop of a connection's path changed: the host re-links the path to the new neighbor. */
  relink(id: string, nextHop: string): void {
    const t = this.tcb(id);
    if (addressFamily(nextHop) !== addressFamily(t.remoteAddress)) {
      throw new RangeError(`relink: next hop ${nextHop} is not an ${addressFamily(t.remoteAddress)} address like tcp ${id}'s remote address ${t.remoteAddress}`);
    }
    try {
      nextHop = canonicalAddress(nextHop);
    } catch (e) {
      throw new RangeError(`relink: ${(e as Error).message}`);
    }
    this.hostCommand(`host learns that tcp ${id}'s path now goes through ${nextHop}`, { type: 'Relink', connection: id, nextHop });
  }

  /** The application writes `bytes` bytes to a connection. */
  send(id: string, bytes: number): void {
    this.tcb(id);
    if (!Number.isInteger(bytes) || bytes <= 0) throw new RangeError(`send: ${bytes} is not a positive whole number of bytes`);
    this.hostCommand(`the application writes ${bytes} bytes to tcp ${id}`, { type: 'Send', connection: id, bytes });
  }

  /** The application closes a connection: gracefully (a FIN after its data) or abortively (an RST). */
  disconnect(id: string, abortive = false): void {
    this.tcb(id);
    this.hostCommand(`the application closes tcp ${id}${abortive ? ' abortively' : ''}`, { type: 'Disconnect', connection: id, abortive });
  }

  /** The application posts a receive buffer of `bytes` bytes (`noPush`: it completes only when full). */
  postReceive(id: string, bytes: number, noPush = false): void {
    this.tcb(id);
    if (!Number.isInteger(bytes) || bytes <= 0) throw new RangeError(`receive: ${bytes} is not a positive whole number of bytes`);
    const text = `the application posts a ${noPush ? 'non-push ' : ''}receive buffer of ${bytes} bytes on tcp ${id}`;
    this.hostCommand(text, { type: 'PostReceive', connection: id, bytes, noPush });
  }

  /** The application reads up to `bytes` bytes (everything when omitted) of what the host kept for it. */
  read(id: string, bytes?: number): void {
    this.tcb(id);
    if (bytes !== undefined && (!Number.isInteger(bytes) || bytes <= 0)) throw new RangeError(`read: ${bytes} is not a positive whole number of bytes`);
    this.hostCommand(`the application reads ${bytes === undefined ? 'everything' : `up to ${bytes} bytes`} from tcp ${id}`, {
      type: 'Read', connection: id, bytes: bytes ?? null,
    });
  }

  // ---- the remote peer ----

  /** The peer sends `bytes` bytes in one segment (with PSH unless `push` is false; URG when `urgent`). */
  peerSend(id: string, bytes: number, push = true, urgent = false): void {
    this.tcb(id);
    if (!Number.isInteger(bytes) || bytes <= 0) throw new RangeError(`peer-send: ${bytes} is not a positive whole number of bytes`);
    const p = this.peerView(id);
    if (p.finSent || p.reset) throw new RangeError(`peer-send: the peer has already ${p.reset ? 'reset' : 'closed (FIN)'} tcp ${id}; it sends no more data`);
    const flags = [urgent ? 'urgent' : '', push ? '' : 'no PSH'].filter(Boolean).join(', ');
    this.trace.record({ kind: 'command', text: `the peer sends ${bytes} bytes on tcp ${id}${flags ? ` (${flags})` : ''}` });
    remotePeerReceive(this.peerContext, { type: 'SendData', connection: this.fourTupleOf(id), bytes, push, urgent });
  }

  /** The peer closes its send half (a FIN on the wire). */
  peerFin(id: string): void {
    this.tcb(id);
    this.trace.record({ kind: 'command', text: `the peer closes tcp ${id} (FIN)` });
    remotePeerReceive(this.peerContext, { type: 'SendFin', connection: this.fourTupleOf(id) });
  }

  /** The peer resets the connection (an RST on the wire; `outOfWindow` makes it one the receiver must drop). */
  peerRst(id: string, outOfWindow = false): void {
    this.tcb(id);
    this.trace.record({ kind: 'command', text: `the peer resets tcp ${id} (RST${outOfWindow ? ', out of window' : ''})` });
    remotePeerReceive(this.peerContext, { type: 'SendRst', connection: this.fourTupleOf(id), outOfWindow });
  }

  // ---- offload target ----

  /** The connection as the network names it (the target finds it by its 4-tuple, as for a segment). */
  private fourTupleOf(id: string): FourTuple {
    const t = this.tcb(id);
    return { localAddress: t.localAddress, localPort: t.localPort, remoteAddress: t.remoteAddress, remotePort: t.remotePort };
  }

  /** The target raises NdisTcpOffloadEventHandler for a connection (found by its 4-tuple). */
  indicate(id: string, EventType: number, EventSpecificInformation = 0): void {
    const connection = this.fourTupleOf(id);
    const text = `target indicates ${TcpOffloadEventTypeEnum.format(EventType)} on tcp ${id}`;
    this.targetCommand(text, { type: 'IndicateTcpEvent', connection, EventType, EventSpecificInformation });
  }

  /** The target raises an adapter-wide NdisMIndicateStatusEx (OFFLOAD_PAUSE, UPLOAD_ALL, OFFLOAD_RESUME). */
  indicateStatus(StatusCode: number): void {
    if (!isOffloadStatusIndication(StatusCode)) {
      throw new RangeError(`${NdisStatusEnum.format(StatusCode)} is not NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_UPLOAD_ALL or NDIS_STATUS_OFFLOAD_RESUME`);
    }
    this.targetCommand(`target indicates ${NdisStatusEnum.format(StatusCode)}`, { type: 'IndicateStatus', StatusCode });
  }

  /** The target asks about the neighbor of a connection (NdisMOffloadEventIndicate). */
  neighborReachabilityQuery(id: string, NicReachabilityDelta: number): void {
    const connection = this.fourTupleOf(id);
    this.targetCommand(`target finds the neighbor of tcp ${id} stale`, {
      type: 'IndicateNeighborReachabilityQuery', connection, NicReachabilityDelta,
    });
  }

  /** The NIC's state for a connection becomes corrupt: its next query, invalidate or terminate fails (reference §6.2). */
  hardwareFailure(id: string): void {
    this.targetCommand(`the target's hardware state for tcp ${id} becomes corrupt`, { type: 'HardwareFailure', connection: this.fourTupleOf(id) });
  }

  /** The target will fail the next initiate of this connection with `Status`. */
  planInitiateFailure(id: string, Status: number): void {
    offloadTargetReceive(this.targetContext, { type: 'PlanInitiateFailure', connection: this.fourTupleOf(id), Status });
  }

  // ---- scheduling ----

  /** The pending items that may be delivered now (index k of `deliver(k)`). */
  pending(): PendingItem[] {
    return this.scheduler.enabled();
  }

  /** Delivers one pending item: index k of `pending()`, or the policy's pick. */
  deliver(k?: number): PendingItem | undefined {
    if (this.stopped) return undefined;
    return this.scheduler.deliver(k);
  }

  /** Delivers the pending item with this id. */
  deliverItem(id: number): PendingItem {
    return this.scheduler.deliverById(id);
  }

  /** Delivers until nothing is pending (or a violation stopped the run), then checks the "eventually" rules. */
  run(maxSteps = 10_000_000): number {
    const n = this.deliverAll(maxSteps);
    this.checkQuiescence();
    return n;
  }

  /** Delivers until nothing is pending or a violation stopped the run; returns how many were delivered. */
  deliverAll(maxSteps = 10_000_000): number {
    let n = 0;
    while (!this.stopped && n < maxSteps && this.scheduler.deliver() !== undefined) n++;
    return n;
  }

  /** When nothing is pending: checks the "eventually" rules (a mandatory Retrieve never answered ...). */
  checkQuiescence(): void {
    if (!this.stopped && this.scheduler.size === 0) this.rules.quiescence('host');
  }

  /** The first violation, when the simulation was asked to stop at one. */
  get stopped(): ViolationEvent | null {
    return this.rules.stoppedBy;
  }

  get violations(): readonly ViolationEvent[] {
    return this.trace.violations;
  }

  // ---- observation ----

  /** The host's view of a connection. */
  connection(id: string): ConnectionView {
    const t = this.tcb(id);
    return {
      id, tcp: t.tcp, offload: t.offload, sendBacklog: t.sendBacklog, disconnectIndicated: t.disconnectIndicated, aborted: t.aborted,
      received: t.stream?.appReceived ?? 0,
    };
  }

  /** The remote peer's view of a connection: bytes it sent and received, and whether it sent its FIN or was reset. */
  peerView(id: string): { sent: number; received: number; finSent: boolean; reset: boolean } {
    const p = this.peerContext.connections.get(fourTupleText(this.fourTupleOf(id)));
    return { sent: p?.sndNxt ?? 0, received: p?.rcvNxt ?? 0, finSent: p?.finSent ?? false, reset: p?.reset ?? false };
  }

  /** The delegated state the last terminate of a connection handed back to the host, if any. */
  returnedDelegatedState(id: string): Readonly<TCP_OFFLOAD_STATE_DELEGATED> | null {
    return this.tcb(id).returnedState;
  }

  /**
   * Where every byte the application wrote to a connection is: the ranges of the send NBLs the host
   * holds and those the target holds (by the connection's 4-tuple), and how many bytes were
   * acknowledged or discarded after a reset. The NoByteLost checker reads this.
   */
  sendHoldings(id: string): SendHoldings {
    const t = this.tcb(id);
    const target = findConnection(this.targetContext, this.fourTupleOf(id));
    const ranges = (nbls: readonly NET_BUFFER_LIST[]) => nbls.filter((n) => n.DataLength > 0).map((n) => [n.DataOffset, n.DataEnd] as [number, number]);
    const completing = this.carried().filter((n) => n.ProtocolReserved === t && !n.ReceiveBuffer && !n.ForwardedSegment);
    const s = t.stream;
    const atPeer = this.peerContext.connections.get(fourTupleText(t));
    return {
      appBytes: s?.appBytes ?? 0,
      peerReceived: atPeer?.rcvNxt ?? 0,
      peerDuplicates: atPeer?.duplicateBytes ?? 0,
      acked: s?.ackedBytes ?? 0,
      discarded: s ? [...s.discarded] : [],
      // An NBL in a completion on its way up is no longer the host's, whatever the host still lists.
      host: ranges((s?.sendQueue ?? []).filter((n) => !completing.includes(n))),
      // NBLs handed down with an initiate still in flight are the host's until the initiate succeeds.
      target: ranges((target?.sendQueue ?? []).filter((n) => !s?.sendChainDown?.includes(n))),
      completing: ranges(completing),
    };
  }

  /** The NBLs in pending calls (completions, indications, a terminate's handed-back data). */
  private carried(): NET_BUFFER_LIST[] {
    const out: NET_BUFFER_LIST[] = [];
    for (const item of this.scheduler.all()) {
      if (item.carries && Array.isArray(item.carries)) out.push(...(item.carries as NET_BUFFER_LIST[]));
    }
    return out;
  }

  /**
   * Where every byte the peer sent on a connection is: delivered to the application, held by the host,
   * held by the target (by the connection's 4-tuple), in a call on its way up, or on the wire. The
   * NoByteLost checker reads this.
   */
  receiveHoldings(id: string): ReceiveHoldings {
    const t = this.tcb(id);
    const tuple = fourTupleText(t);
    const s = t.stream;
    const target = findConnection(this.targetContext, this.fourTupleOf(id));
    const atPeer = this.peerContext.connections.get(tuple);
    const completing: Array<[number, number]> = [];
    for (const n of this.carried()) {
      if (n.connection !== t.label) continue;
      if (n.ReceiveBuffer) {
        if (n.filled) completing.push(n.filled);
      } else if (n.ForwardedSegment) {
        if (n.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS && n.DataLength > 0) completing.push([n.DataOffset, n.DataEnd]);
      } else if (n.ProtocolReserved === null && n.DataLength > 0) completing.push([n.DataOffset, n.DataEnd]); // the target's NBLs
    }
    const wire: Array<[number, number]> = [];
    for (const item of this.scheduler.all()) {
      // The peer's segments on the wire, and on the normal receive path (NdisMIndicateReceiveNetBufferLists).
      const fromPeer = (item.kind === 'segment' && item.caller === 'peer') || item.fn === 'NdisMIndicateReceiveNetBufferLists';
      const g = fromPeer ? (item.carries as Segment) : null;
      if (g && g.len > 0 && fourTupleText(g.connection) === tuple) wire.push([g.seq, g.seq + g.len]);
    }
    // While the initiate that carried the unread data down is in flight, the target's copy is the one that counts.
    const hostCopyHandedDown = s?.bufferedDown && target && !hasFlag(target, TargetFlags.Terminated);
    const host = s ? hostReceiveHoldings(s).filter((r) => !(hostCopyHandedDown && s.socketBuffer.some((e) => e.from === r[0] && e.to === r[1]))) : [];
    return {
      peerSent: atPeer?.sndNxt ?? 0,
      appReceived: s?.appReceived ?? 0,
      appMisdelivered: s?.appMisdelivered ?? 0,
      host,
      target: target ? targetReceiveHoldings(this.targetContext, target) : [],
      completing,
      wire,
      reset: t.aborted || (atPeer?.reset ?? false) || this.targetContext.resetConnections.has(tuple),
    };
  }

  /** The ids of the declared connections, in declaration order. */
  connectionIds(): string[] {
    return [...this.hostContext.tcbs.keys()];
  }

  /** Objects the target holds, per layer. */
  targetUsage(): { Neighbor: number; Path: number; Tcp: number } {
    return { ...this.targetContext.used };
  }

  /** The rows GetTcpTable2 / GetTcp6Table2 expose, one per TCB (a CLOSED TCB shows as DELETE_TCB). */
  tcpTableEntries(): TcpTableEntry[] {
    return [...this.hostContext.tcbs.values()].map((t) => ({
      localAddress: t.localAddress,
      localPort: t.localPort,
      remoteAddress: t.remoteAddress,
      remotePort: t.remotePort,
      owningPid: t.owningPid,
      state: t.tcp === TCPSTATE.TCPSTATE_CLOSED ? MIB_TCP_STATE.MIB_TCP_STATE_DELETE_TCB : mibTcpStateOf(t.tcp as TcpState),
      offloadState: t.offload as TCP_CONNECTION_OFFLOAD_STATE,
    }));
  }

  /** `GetTcpTable2` over the host's IPv4 TCBs. */
  GetTcpTable2(TcpTable: ArrayBuffer | null, SizePointer: SizePointer | null, Order: boolean): number {
    return GetTcpTable2(this.tcpTableEntries(), TcpTable, SizePointer, Order);
  }

  /** `GetTcp6Table2` over the host's IPv6 TCBs. */
  GetTcp6Table2(TcpTable: ArrayBuffer | null, SizePointer: SizePointer | null, Order: boolean): number {
    return GetTcp6Table2(this.tcpTableEntries(), TcpTable, SizePointer, Order);
  }
}

/** IPv6 text has colons; IPv4 text has none. */
function addressFamily(text: string): 'IPv4' | 'IPv6' {
  return text.includes(':') ? 'IPv6' : 'IPv4';
}

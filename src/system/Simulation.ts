/**
 * A running simulation: commands for the host stack, the remote peer and the offload target, the
 * scheduler's pending items, the trace, the host's connection table, and the whole state as data
 * (snapshot, fingerprint). Commands are checked here, so bad input is a RangeError naming what was
 * expected and never reaches (or breaks) a layer.
 */
import { cloneData } from '../data/cloneData.js';
import { fingerprintData } from '../data/fingerprintData.js';
import { plainDataProblem } from '../data/plainData.js';
import type { HostState } from '../layers/host/HostState.js';
import type { ConnectionSpec } from '../layers/host/addConnection.js';
import { tcbLabel } from '../layers/host/lookup.js';
import type { HostCommand } from '../layers/host/HostCommand.js';
import { tcbOf } from '../layers/host/lookup.js';
import { isOffloadStatusIndication, NdisStatusEnum, type NDIS_STATUS } from '../ndis/NDIS_STATUS.js';
import type { TCP_OFFLOAD_STATE_CACHED, TCP_OFFLOAD_STATE_DELEGATED } from '../ndis/stateStructures.js';
import { TcpOffloadEventTypeEnum } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCPSTATE } from '../ndis/TCPSTATE.js';
import type { Rulebook } from '../rules/Rulebook.js';
import type { PendingItem } from '../scheduler/PendingItem.js';
import type { Scheduler } from '../scheduler/Scheduler.js';
import type { SimulatedClock } from '../scheduler/SimulatedClock.js';
import { GetTcp6Table2, GetTcpTable2, type SizePointer } from '../table/GetTcpTable2.js';
import type { TcpTableEntry } from '../table/TcpTableEntry.js';
import { canonicalAddress } from '../table/formatAddress.js';
import type { Trace } from '../trace/Trace.js';
import type { ViolationEvent } from '../trace/TraceEvent.js';
import { fourTupleOf, fourTupleText, type FourTuple } from '../wire/FourTuple.js';
import type { WireFault } from '../wire/WireLoss.js';
import type { WireEnd } from '../scheduler/PendingItem.js';

/** 1st, 2nd, 3rd, 4th … */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
import type { LayerEvent } from './ndis/Ndis.js';
import { assemble, type SimulationEnvironment, type SimulationParts } from './assemble.js';
import { connectionIds, connectionView, peerView, tcbNamed, tcpTableEntries, targetUsage, type ConnectionView, type PeerView } from './inspect.js';
import { receiveHoldings, sendHoldings, type ReceiveHoldings, type SendHoldings } from './ledger.js';
import { pendingLabel } from './pendingLabel.js';
import type { SimulationState } from './SimulationState.js';
import { HandlerThrew } from './HandlerThrew.js';
import type { RemotePeerEvent } from '../layers/peer/remotePeer.js';

export type { ConnectionView, PeerView } from './inspect.js';
export type { ReceiveHoldings, SendHoldings } from './ledger.js';

/** A pending item as listed: the item, and a readable line for it. */
export type PendingView = PendingItem & { readonly label: string };

export class Simulation {
  /** Layer names, top to bottom: `host`, `IM1`..., `target`. */
  readonly layers: readonly string[];
  readonly trace: Trace;
  readonly scheduler: Scheduler;
  readonly clock: SimulatedClock;
  readonly rules: Rulebook;
  readonly seed: number;
  readonly policyName: string;
  private readonly parts: SimulationParts;

  constructor(
    /** The whole state, as plain data (the simulation runs on it in place). */
    private readonly state: SimulationState,
    /** The code the state runs with. */
    readonly environment: SimulationEnvironment,
  ) {
    this.parts = assemble(state, environment);
    this.layers = environment.names;
    this.trace = this.parts.trace;
    this.scheduler = this.parts.scheduler;
    this.clock = this.parts.clock;
    this.rules = this.parts.rules;
    this.seed = environment.seed;
    this.policyName = environment.policy.name;
  }

  private get host(): HostState {
    return this.state.layers[0] as HostState;
  }

  private get target(): unknown {
    return this.state.layers[this.state.layers.length - 1];
  }

  /** The host adapter state: `OffloadEnabled` or `OffloadPaused`. */
  get hostAdapterState(): string {
    return this.host.paused ? 'OffloadPaused' : 'OffloadEnabled';
  }

  // ---- the state as data ----

  /** A copy of the whole state: one plain-data value (JSON- and structured-clone-safe). */
  snapshot(): SimulationState {
    this.requireIdle('snapshot');
    return cloneData(this.state);
  }

  /** A 64-bit hash (16 hex digits) of the state's canonical form: equal states, equal fingerprints. */
  fingerprint(): string {
    this.requireIdle('fingerprint');
    return fingerprintData(this.state);
  }

  /**
   * The live state itself, for checkers that run after every step and must not copy it (the named
   * invariants of src/check/invariants): read it, never write it — a write would bypass every layer's
   * bookkeeping and break replay. Take `snapshot()` for a copy to keep.
   */
  get liveState(): Readonly<SimulationState> {
    return this.state;
  }

  /**
   * The first way the live state is not plain data as a tree (a function, a class instance, an object two
   * layers hold at once ...), or undefined. A driver that keeps a reference to something it handed on
   * (a tree it completed, an NBL it posted) shows here: in C it would be using memory it no longer owns.
   */
  stateProblem(): string | undefined {
    return plainDataProblem(this.state);
  }

  private requireIdle(what: string): void {
    if (!this.parts.ndis.idle) throw new Error(`${what}: not while a call is being delivered (take it between steps)`);
  }

  /** A command to the host stack, recorded in the trace first. */
  private hostCommand(text: string, event: HostCommand): void {
    this.guard(() => {
      this.trace.record({ kind: 'command', text });
      this.parts.host(event);
    });
  }

  /** A command to the offload target (the network or the NIC itself), recorded in the trace first. */
  private targetCommand(text: string, event: LayerEvent): void {
    this.guard(() => {
      this.trace.record({ kind: 'command', text });
      this.parts.target(event);
    });
  }

  /** The handler that threw, if one did: the simulation stopped there, and every later command throws it again. */
  get crashed(): HandlerThrew | null {
    return this.crash;
  }

  private crash: HandlerThrew | null = null;

  private guard<T>(act: () => T): T {
    if (this.crash) throw this.crash;
    try {
      return act();
    } catch (e) {
      if (e instanceof HandlerThrew) this.crash = e;
      throw e;
    }
  }

  private tcb(id: string) {
    return tcbNamed(this.host, id);
  }

  // ---- host stack ----

  /**
   * The host stack sets up a connection (a TCB; ESTABLISHED unless `state` says otherwise). Addresses are
   * kept in their canonical text (`0::1` is `::1`), so two spellings of one address are one path and neighbor.
   */
  addConnection(given: ConnectionSpec): void {
    if (this.host.tcbs[tcbLabel(given.id)]) throw new RangeError(`connection '${given.id}' is declared twice`);
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
    const same = tcbOf(this.host, spec);
    if (same) throw new RangeError(`connection '${spec.id}' has the same 4-tuple as '${same.id}' (${fourTupleText(spec)}): TCP names a connection by it`);
    if (spec.state !== undefined && !(spec.state >= TCPSTATE.TCPSTATE_CLOSED && spec.state < TCPSTATE.TCPSTATE_MAX)) {
      throw new RangeError(`connection '${spec.id}': state ${spec.state} is not a TCPSTATE (0..10)`);
    }
    this.guard(() => this.parts.host({ type: 'AddConnection', connection: spec }));
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

  /** A connection's path has a new PathMtu (ICMP PMTU): NdisUpdateOffload of the path when offloaded. */
  updatePathMtu(id: string, PathMtu: number): void {
    this.tcb(id);
    this.hostCommand(`host learns PathMtu ${PathMtu} for the path of tcp ${id}`, { type: 'UpdatePathMtu', connection: id, PathMtu });
  }

  /** A connection's next hop has a new MAC (ARP / ND): NdisUpdateOffload of the neighbor when offloaded. */
  updateNeighborMac(id: string, DlDestinationAddress: string): void {
    this.tcb(id);
    this.hostCommand(`host learns MAC ${DlDestinationAddress} for the next hop of tcp ${id}`, { type: 'UpdateNeighborMac', connection: id, DlDestinationAddress });
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
  peerSend(id: string, bytes: number, push = true, urgent = false, ignoreWindow = false): void {
    this.tcb(id);
    if (!Number.isInteger(bytes) || bytes <= 0) throw new RangeError(`peer-send: ${bytes} is not a positive whole number of bytes`);
    const p = this.peerView(id);
    if (p.finSent || p.reset) throw new RangeError(`peer-send: the peer has already ${p.reset ? 'reset' : 'closed (FIN)'} tcp ${id}; it sends no more data`);
    const flags = [urgent ? 'urgent' : '', push ? '' : 'no PSH', ignoreWindow ? 'ignoring the window' : ''].filter(Boolean).join(', ');
    this.peerCommand(`the peer sends ${bytes} bytes on tcp ${id}${flags ? ` (${flags})` : ''}`, { type: 'SendData', connection: this.fourTupleOf(id), bytes, push, urgent, ...(ignoreWindow ? { ignoreWindow } : {}) });
  }

  /** The peer's receive window becomes `window` bytes (0: its application stopped reading): a window update on the wire. */
  peerWindow(id: string, window: number): void {
    this.tcb(id);
    if (!Number.isInteger(window) || window < 0 || window > 0xffff_ffff) throw new RangeError(`peer-window: ${window} is not a window (a whole number of bytes, 0 to 4294967295)`);
    this.peerCommand(`the peer offers a window of ${window} bytes on tcp ${id}`, { type: 'SetWindow', connection: this.fourTupleOf(id), window });
  }

  /** The peer closes its send half (a FIN on the wire); `onFin`: once this machine's FIN arrives, with one FIN+ACK segment. */
  peerFin(id: string, onFin = false): void {
    this.tcb(id);
    const text = onFin ? `the peer closes tcp ${id} once its FIN arrives (FIN+ACK)` : `the peer closes tcp ${id} (FIN)`;
    this.peerCommand(text, { type: 'SendFin', connection: this.fourTupleOf(id), ...(onFin ? { onFin } : {}) });
  }

  /** The peer resets the connection (an RST on the wire; `outOfWindow` makes it one the receiver must drop). */
  peerRst(id: string, outOfWindow = false): void {
    this.tcb(id);
    this.peerCommand(`the peer resets tcp ${id} (RST${outOfWindow ? ', out of window' : ''})`, { type: 'SendRst', connection: this.fourTupleOf(id), outOfWindow });
  }

  /**
   * The wire will misbehave: the `nth` segment from `from` to arrive after now (1 = the next) is dropped,
   * duplicated or reordered (the peer's data and FIN are never dropped: WireLoss). Needs a simulation made
   * with `wire` (whose TCP retransmit timers run).
   */
  wireFault(fault: WireFault, from: WireEnd, nth = 1): void {
    if (!Number.isInteger(nth) || nth < 1) throw new RangeError(`${fault}: nth must be a whole number ≥ 1, got ${nth}`);
    const loss = this.state.wire;
    if (!loss) throw new RangeError(`${fault}: this simulation's wire loses nothing (create it with the wire option)`);
    this.guard(() => {
      this.trace.record({ kind: 'command', text: `the wire will ${fault} the ${ordinal(nth)} segment from the ${from} to arrive from now` });
      loss.scripted.push({ fault, from, skip: nth - 1 });
    });
  }

  /** A command to the remote peer, recorded in the trace first. */
  private peerCommand(text: string, event: RemotePeerEvent): void {
    this.guard(() => {
      this.trace.record({ kind: 'command', text });
      this.parts.peer(event);
    });
  }

  // ---- offload target ----

  /** The connection as the network names it (the target finds it by its 4-tuple, as for a segment). */
  private fourTupleOf(id: string): FourTuple {
    return fourTupleOf(this.tcb(id));
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
    this.targetCommand(`target finds the neighbor of tcp ${id} stale`, { type: 'IndicateNeighborReachabilityQuery', connection, NicReachabilityDelta });
  }

  /** The NIC's state for a connection becomes corrupt: its next query, invalidate or terminate fails (reference §6.2). */
  hardwareFailure(id: string): void {
    this.targetCommand(`the target's hardware state for tcp ${id} becomes corrupt`, { type: 'HardwareFailure', connection: this.fourTupleOf(id) });
  }

  /** The target will fail the next initiate of this connection with `Status`. */
  planInitiateFailure(id: string, Status: NDIS_STATUS): void {
    this.guard(() => this.parts.target({ type: 'PlanInitiateFailure', connection: this.fourTupleOf(id), Status }));
  }

  // ---- scheduling ----

  /** The pending items that may be delivered now (index k of `deliver(k)`), each with a readable label. */
  pending(): PendingView[] {
    return this.scheduler.enabled().map((item) => ({ ...item, label: pendingLabel(item) }));
  }

  /** Delivers one pending item: index k of `pending()`, or the policy's pick. */
  deliver(k?: number): PendingItem | undefined {
    if (this.stopped) return undefined;
    return this.guard(() => this.scheduler.deliver(k));
  }

  /** Delivers the pending item with this id. */
  deliverItem(id: number): PendingItem {
    return this.guard(() => this.scheduler.deliverById(id));
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
    this.guard(() => {
      while (!this.stopped && n < maxSteps && this.scheduler.deliver() !== undefined) n++;
    });
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
    return connectionView(this.host, id);
  }

  /** The remote peer's view of a connection: bytes it sent and received, and whether it sent its FIN or was reset. */
  peerView(id: string): PeerView {
    return peerView(this.state.peer, this.fourTupleOf(id));
  }

  /** The delegated state the last terminate of a connection handed back to the host, if any. */
  returnedDelegatedState(id: string): Readonly<TCP_OFFLOAD_STATE_DELEGATED> | null {
    return this.tcb(id).returnedState;
  }

  /** Where every byte the application wrote to a connection is (the NoByteLost checker reads this). */
  sendHoldings(id: string): SendHoldings {
    return sendHoldings(this.ledgerSources(), id);
  }

  /** Where every byte the peer sent on a connection is (the NoByteLost checker reads this). */
  receiveHoldings(id: string): ReceiveHoldings {
    return receiveHoldings(this.ledgerSources(), id);
  }

  private ledgerSources() {
    return { host: this.host, target: this.target, peer: this.state.peer, pending: this.scheduler.all(), lossy: this.state.wire !== undefined };
  }

  /** The ids of the declared connections, in declaration order. */
  connectionIds(): string[] {
    return connectionIds(this.host);
  }

  /** Objects the target holds, per layer. */
  targetUsage(): { Neighbor: number; Path: number; Tcp: number } {
    return targetUsage(this.target);
  }

  /** The rows GetTcpTable2 / GetTcp6Table2 expose, one per TCB not yet deleted (a CLOSED one shows as DELETE_TCB). */
  tcpTableEntries(): TcpTableEntry[] {
    return tcpTableEntries(this.host);
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

/**
 * A simulation that continues exactly as the one `snapshot` was taken from would have, given the same
 * environment (the drivers' code, the policy, what is recorded): `restoreSimulation(sim.snapshot(), sim.environment)`.
 */
export function restoreSimulation(snapshot: SimulationState, environment: SimulationEnvironment): Simulation {
  if (snapshot?.format !== 'chimney-sim/state/1') throw new RangeError(`restoreSimulation: not a chimney-sim state (format ${String(snapshot?.format)}; expected chimney-sim/state/1)`);
  const names = snapshot.names.join(', ');
  if (names !== environment.names.join(', ')) {
    throw new RangeError(`restoreSimulation: the state's layers (${names}) are not the environment's (${environment.names.join(', ')})`);
  }
  return new Simulation(cloneData(snapshot), environment);
}

/** IPv6 text has colons; IPv4 text has none. */
function addressFamily(text: string): 'IPv4' | 'IPv6' {
  return text.includes(':') ? 'IPv6' : 'IPv4';
}

/**
 * The rulebook's own record of what each binding has seen, built only from the calls that crossed it
 * (like a P specification monitor): the objects offloaded through it, the NBLs below it, the NBLs lent
 * up, each connection's receive stream, the send lists posted together, the indications an
 * intermediate driver still has to pass up — one ledger each, in this folder. It never looks inside a layer — only at the arguments that crossed, NBL fields included — so
 * it judges a user's driver as it judges the reference ones.
 *
 * The record is plain data (`RuleMonitorState`, part of the simulation state): objects are kept by
 * their handle's owner and id, NBLs by id. This facade owns it, answers the rules' questions and
 * applies each crossing to the ledgers it concerns.
 */
import { forEachBlock } from '../../ndis/blockList.js';
import { handleKey } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { netBufferListsOf, type NET_BUFFER_LIST } from '../../ndis/NET_BUFFER_LIST.js';
import { offloadLayerOf } from '../../ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_DISCONNECT_ABORTIVE_CLOSE } from '../../ndis/flags.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason, TCP_UPLOAD_REASON } from '../../ndis/TCP_UPLOAD_REASON.js';
import type { CompletionCrossing, Crossing, CrossingKind, EventCrossing, IoCompleteCrossing, IoCrossing, RequestCrossing, SegmentCrossing, StatusCrossing } from '../Crossing.js';
import { tcpDelegatedOf } from '../tcpDelegatedOf.js';
import { GhostLedger, type Ghost, type GhostTable, type HandleRef } from './GhostLedger.js';
import { LentLedger } from './LentLedger.js';
import { OutstandingLedger, type NblKind } from './OutstandingLedger.js';
import { PostedListLedger, type PostedList } from './PostedListLedger.js';
import { ReceiveRelayLedger, type ReceiveRelay } from './ReceiveRelayLedger.js';
import { RelayLedger, UPWARD_KINDS, type OwedRelay, type RelayMatch } from './RelayLedger.js';
import { createRuleMonitorState, type RuleMonitorState } from './RuleMonitorState.js';
import { consumedBy, StreamLedger, type ReceiveStream } from './StreamLedger.js';
import { TcpStateLedger, type TcpView } from './TcpStateLedger.js';
import { WindowLedger, type WindowView } from './WindowLedger.js';

/**
 * What the monitor may ask of the scheduler about calls made and not delivered yet (the environment,
 * like `completingBelow`): without it, nothing is waiting.
 */
export interface PendingBelow {
  /** The layers (indices) that made the optional TcpIndicateRetrieve calls about a connection still waiting. */
  retrieves(connection: string): readonly number[];
  /** The receive indications of a connection still waiting: [the layer that made it, its NBL id]. */
  receiveIndications(connection: string): ReadonlyArray<readonly [number, number]>;
}

const NOTHING_PENDING: PendingBelow = { retrieves: () => [], receiveIndications: () => [] };

/** The NBL kinds that TcpIndicateAbort completes with NDIS_STATUS_REQUEST_ABORTED (sends and disconnects, receives). */
const ABORTED_KINDS: readonly NblKind[] = ['send', 'receive'];

/** The crossings that come up from below. */
const UPWARD: ReadonlySet<CrossingKind> = new Set(UPWARD_KINDS);

/** The record the rules read, over `state`; `apply` brings it up to date after the rules have judged a crossing. */
export class RuleMonitor {
  private readonly ghosts: GhostLedger;
  private readonly outstandingNbls: OutstandingLedger;
  private readonly lentNbls: LentLedger;
  private readonly streams: StreamLedger;
  private readonly postedLists: PostedListLedger;
  private readonly relays: RelayLedger;
  private readonly receiveRelays: ReceiveRelayLedger;
  private readonly tcpViews: TcpStateLedger;
  private readonly windows: WindowLedger;

  constructor(
    readonly state: RuleMonitorState = createRuleMonitorState(),
    /** The NBL ids in completions the target made that have not crossed yet (their Status is written). */
    private readonly completingBelow: () => ReadonlySet<number> = () => new Set(),
    pending: PendingBelow = NOTHING_PENDING,
  ) {
    this.ghosts = new GhostLedger(state.objects);
    this.outstandingNbls = new OutstandingLedger(state.outstanding);
    this.lentNbls = new LentLedger(state.lent);
    this.streams = new StreamLedger(state.streams, (connection) => pending.receiveIndications(connection));
    this.tcpViews = new TcpStateLedger((state.tcp ??= {}), (connection) => pending.retrieves(connection));
    this.windows = new WindowLedger((state.windows ??= {}));
    this.postedLists = new PostedListLedger(state.posted);
    this.relays = new RelayLedger(state.owedRelays);
    this.receiveRelays = new ReceiveRelayLedger(state.receiveRelays);
  }

  /** The objects offloaded or offloading through `binding`, by handle (owner, then id). */
  objects(binding: number): GhostTable {
    return this.ghosts.objects(binding);
  }

  /** Every object offloaded or offloading through `binding`. */
  allGhosts(binding: number): Ghost[] {
    return this.ghosts.all(binding);
  }

  /** The object `handle` names at `binding`, if it knows one. */
  ghost(binding: number, handle: HandleRef | null | undefined): Ghost | undefined {
    return this.ghosts.ghost(binding, handle);
  }

  /** True when the adapter below `binding` has paused offloads. */
  isPaused(binding: number): boolean {
    return this.state.paused[binding] === true;
  }

  /** True when `nbl` went down through `binding` and has not come back up. */
  isOutstanding(binding: number, nbl: NET_BUFFER_LIST): boolean {
    return this.outstandingNbls.isOutstanding(binding, nbl);
  }

  /** The ids of the NBLs of the same connection and kind that went down through `binding` before `nbl` and are still outstanding. */
  outstandingBefore(binding: number, nbl: NET_BUFFER_LIST): number[] {
    return this.outstandingNbls.before(binding, nbl);
  }

  /** The ids of the NBLs of one connection and kind outstanding through `binding`, in the order they went down. */
  outstanding(binding: number, connection: string, kind: NblKind): readonly number[] {
    return this.outstandingNbls.of(binding, connection, kind);
  }

  /** True when `nbl` was lent to the layer above `binding` and has not been returned. */
  isLent(binding: number, nbl: NET_BUFFER_LIST): boolean {
    return this.lentNbls.isLent(binding, nbl);
  }

  /** The receive direction of a connection (by label) through `binding`: as recorded, or as it starts. */
  stream(binding: number, connection: string): Readonly<ReceiveStream> {
    return this.streams.stream(binding, connection);
  }

  /** A connection's TCP side as the calls and the wire show it (its RFC 793 state, the peer's FIN, a reset), once it was offloaded. */
  tcp(connection: string): Readonly<TcpView> | undefined {
    return this.tcpViews.view(connection);
  }

  /** A connection's windows as the wire at the NIC shows them, once it was offloaded. */
  window(connection: string): Readonly<WindowView> | undefined {
    return this.windows.view(connection);
  }

  /** The NBL ids in data completions made below that have not crossed yet (their Status is written). */
  completing(): ReadonlySet<number> {
    return this.completingBelow();
  }

  /** The stream range the layer below put in a receive buffer `nbl` posted through `binding`, without the bytes it was posted with. */
  filledByTarget(binding: number, nbl: NET_BUFFER_LIST): [number, number] | null {
    return this.streams.filledByTarget(binding, nbl);
  }

  /** The list `nbl` was posted in through `binding`, when it was posted with others. */
  postedWith(binding: number, nbl: NET_BUFFER_LIST): PostedList | undefined {
    return this.postedLists.postedWith(binding, nbl);
  }

  /**
   * The event and status indications intermediate drivers received and have not relayed, at their lower
   * bindings from 1 to `binding` (all of them when `binding` is omitted).
   */
  owedRelays(binding?: number): readonly OwedRelay[] {
    return this.relays.owedUpTo(binding);
  }

  /**
   * True when the layer below `binding` is an intermediate driver as far as the calls show: it has passed
   * requests down through a binding of its own (the target has no binding below it).
   */
  isIntermediateBelow(binding: number): boolean {
    return this.state.objects[binding + 1] !== undefined;
  }

  /** The owed event that `c` (an event going up) relays, if the driver that makes it owes one for the same object. */
  relayOf(c: EventCrossing): RelayMatch | undefined {
    return this.relays.relayOf(c, this.ghosts.ghost(c.binding, c.handle)?.label ?? c.handle.label);
  }

  /** The receive indication of NBL `nbl` the intermediate driver above `binding` is handling, if it is one of its entries'. */
  receiveRelay(binding: number, nbl: number): Readonly<ReceiveRelay> | undefined {
    return this.receiveRelays.handling(binding, nbl);
  }

  /** Nothing is pending and the "eventually" rules have judged: relays still owed were reported, and are forgotten. */
  quiesced(): void {
    this.relays.clear();
  }

  /** Updates the record after the rules have looked at a crossing. */
  apply(c: Crossing): void {
    const b = c.binding;
    // Whatever comes up through a binding comes after the handlers of the drivers at and above it returned.
    if (UPWARD.has(c.kind)) this.relays.judged(b);
    switch (c.kind) {
      case 'request':
        return this.requested(c);
      case 'completion':
        return this.completed(c);
      case 'event':
        return this.indicated(c);
      case 'status':
        this.statusUp(c);
        if (c.StatusCode === NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE || c.StatusCode === NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL) this.state.paused[b] = true;
        else if (c.StatusCode === NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME) this.state.paused[b] = false;
        return;
      case 'io':
        this.down(b, c.NetBufferList);
        if (c.fn === 'NdisOffloadTcpSend') this.postedLists.sent(b, c.NetBufferList);
        if (c.fn === 'NdisOffloadTcpForward') this.forwarded(b, c);
        if (c.fn === 'NdisOffloadTcpDisconnect') {
          this.tcpViews.disconnect(this.ghosts.record(b, c.handle)?.label ?? c.handle.label, (c.Flags & TCP_DISCONNECT_ABORTIVE_CLOSE) !== 0);
        }
        return;
      case 'ioComplete':
        return this.ioCompleted(c);
      case 'segment':
        return this.onWire(c);
      case 'receiveIndicateReturn':
        this.receiveRelays.returned(c);
        if (this.ghosts.record(b, c.handle)) this.streams.consumed(b, c.handle.label, consumedBy(c.Status, c.BytesConsumed, c.NetBufferList.DataLength));
        if (c.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) this.lentNbls.lend(b, c.NetBufferList);
        return;
      case 'receiveReturn':
        return this.lentNbls.returned(b, c.NetBufferLists);
      case 'receiveIndicate':
        return this.receiveRelays.offered(c, this.ghosts.record(b, c.handle)?.label);
      case 'offloadEvent':
      case 'ioReturn':
        return;
    }
  }

  /** Data I/O completed up through a binding: off the lists; a graceful disconnect's SUCCESS says our FIN was acknowledged. */
  private ioCompleted(c: IoCompleteCrossing): void {
    const b = c.binding;
    this.postedLists.completed(b, c.NetBufferLists);
    // An NBL that was not outstanding is nbl-completed-once's finding; it moves nothing.
    const back = this.outstandingNbls.up(b, c.NetBufferLists);
    this.streams.completed(b, back);
    if (c.fn !== 'NdisTcpOffloadDisconnectComplete') return;
    for (const n of back) if (n.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) this.tcpViews.disconnectCompleted(n.connection);
  }

  /** A segment at the NIC: the peer's FIN, or the target's ACK of it. */
  private onWire(c: SegmentCrossing): void {
    const s = c.segment;
    this.windows.segment(c.connection, c.from, s);
    if (c.from === 'peer') this.tcpViews.peerSegment(c.connection, s.seq, s.len, s.fin === true);
    else this.tcpViews.targetSegment(c.connection, s.ack);
  }

  /**
   * Peer's segments forwarded down through a binding: the target takes their windows when they reach it,
   * at the deepest binding (a forward follows an initiate that crossed every binding down to the target).
   */
  private forwarded(binding: number, c: IoCrossing): void {
    if (binding !== this.state.objects.length - 1) return;
    const label = this.ghosts.record(binding, c.handle)?.label ?? c.handle.label;
    for (let n: NET_BUFFER_LIST | null = c.NetBufferList; n; n = n.Next) if (n.ForwardedSegment) this.windows.forwarded(label, n.ForwardedSegment);
  }

  /** NBLs went down through a binding. */
  private down(binding: number, head: NET_BUFFER_LIST | null): void {
    this.outstandingNbls.down(binding, head);
    this.streams.posted(binding, head);
  }

  /** A request went down: the objects it names, and an initiate's send data and new connections' streams. */
  private requested(c: RequestCrossing): void {
    const offloaded = this.ghosts.requested(c);
    if (c.op !== 'Initiate') return;
    forEachBlock(c.P, (node) => {
      if (!node.OffloadHandle) return;
      if (node.NetBufferListChain) this.down(c.binding, node.NetBufferListChain);
      if (offloaded.has(node) && offloadLayerOf(node.Header.Type) === 'Tcp') {
        const delegated = tcpDelegatedOf(node);
        this.streams.started(c.binding, node.OffloadHandle.label, delegated);
        if (delegated) this.tcpViews.offloaded(node.OffloadHandle.label, delegated.State);
        if (delegated) this.windows.offloaded(node.OffloadHandle.label, delegated);
      }
    });
  }

  /**
   * A completion came up: the objects it names; for each object dropped, the send data that comes back in
   * its node's NetBufferListChain, and for a terminated connection the buffered receive data that comes up
   * in BufferedData (lent until the host returns it); its stream ends.
   */
  private completed(c: CompletionCrossing): void {
    for (const { node, ghost, terminated } of this.ghosts.completed(c)) {
      if (node.NetBufferListChain) this.outstandingNbls.up(c.binding, netBufferListsOf(node.NetBufferListChain));
      if (this.ghosts.layerOf(ghost) !== 'Tcp') continue;
      if (terminated) this.lentNbls.lend(c.binding, tcpDelegatedOf(node)?.BufferedData);
      this.streams.ended(c.binding, ghost.label);
    }
  }

  /**
   * A status indication came up: it relays one the intermediate driver below owed, and the intermediate
   * driver above (if the callee is one) owes its relay.
   */
  private statusUp(c: StatusCrossing): void {
    this.relays.statusRelayed(c);
    if (c.binding >= 1) this.relays.owe(c.binding, { kind: 'status', im: c.callee, StatusCode: c.StatusCode });
  }

  /**
   * An event indication came up: it relays one the intermediate driver below owed; for a known object, the
   * intermediate driver above (if the callee is one) owes its relay, and the object and a connection's
   * stream (disconnected or reset) are updated.
   */
  private indicated(c: EventCrossing): void {
    const g = this.ghosts.record(c.binding, c.handle);
    this.relays.eventRelayed(c, g?.label ?? c.handle.label);
    if (!g) return;
    if (c.binding >= 1) {
      const { EventType, EventSpecificInformation } = c;
      this.relays.owe(c.binding, { kind: 'event', im: c.callee, object: g.label, handle: handleKey(c.handle), EventType, EventSpecificInformation });
    }
    this.ghosts.indicated(g, c);
    if (this.ghosts.layerOf(g) !== 'Tcp') return;
    if (c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve && !isMandatoryUploadReason(c.EventSpecificInformation)) {
      this.tcpViews.retrieveCrossed(g.label, c.binding);
    }
    if (c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve && c.EventSpecificInformation === TCP_UPLOAD_REASON.HardwareFailure) {
      this.tcpViews.hardwareFailureReported(g.label);
    }
    if (c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect) {
      this.streams.disconnected(c.binding, g.label);
      this.tcpViews.disconnectIndicated(g.label);
    }
    if (c.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort) {
      this.tcpViews.aborted(g.label);
      // What the target had not completed yet when it indicated the reset. (A completion it made
      // before the reset may cross after this indication: it waits in the scheduler, its Status written.)
      const completing = this.completingBelow();
      const unfinished = ABORTED_KINDS.flatMap((kind) => this.outstandingNbls.of(c.binding, g.label, kind)).filter((id) => !completing.has(id));
      this.streams.aborted(c.binding, g.label, unfinished);
    }
  }
}

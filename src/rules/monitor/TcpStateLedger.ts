/**
 * The monitor's ledger of each offloaded connection's TCP side as the calls and the wire show it: its
 * RFC 793 state (reference §6.9: which connections are half closed), where the peer's FIN sits, whether
 * the host asked for an abortive disconnect (the one RST the target may send, §8 item 15) and whether
 * the connection was reset (its resources stay until the terminate, §8 item 13).
 *
 * How the state is learnt, in the order the target learns it:
 * - the initiate's delegated `State` (a connection may be offloaded already in CLOSE_WAIT or FIN_WAIT_1);
 * - the host's NdisOffloadTcpDisconnect going down: graceful (ESTABLISHED → FIN_WAIT_1, CLOSE_WAIT →
 *   LAST_ACK) or abortive (CLOSED);
 * - the peer's FIN, taken when the target's own ACK covers it on the wire (ESTABLISHED → CLOSE_WAIT,
 *   FIN_WAIT_1 → CLOSING, FIN_WAIT_2 → TIME_WAIT) — before TcpIndicateDisconnect, which waits for the data
 *   before the FIN — or TcpIndicateDisconnect itself when no FIN was seen on the wire;
 * - the disconnect's completion with SUCCESS (our FIN acknowledged: FIN_WAIT_1 → FIN_WAIT_2, CLOSING →
 *   TIME_WAIT, LAST_ACK → CLOSED) and TcpIndicateAbort (CLOSED). These come later than the target knew
 *   them, but never move a connection into or out of a half-closed state, so no verdict depends on it.
 *
 * A move into a half-closed state made at a time that is not the crossing of an indication (the wire,
 * a disconnect going down) may overtake an optional TcpIndicateRetrieve the target made before it and
 * that is still waiting in the scheduler: those retrieves are counted per binding (`exempt`) and are not
 * judged when they cross (indications about one object keep their order, so they cross first).
 */
import { TCPSTATE } from '../../ndis/TCPSTATE.js';

/** How a connection reached its state (what a violation's detail says). */
export type TcpStateCause = 'initiate' | 'disconnect-indication' | 'fin-acknowledged' | 'graceful-disconnect' | 'disconnect-complete' | 'reset';

/** One connection's TCP side as the monitor follows it (by connection label: a fact of the connection, not of a binding). */
export interface TcpView {
  /** TCPSTATE (RFC 793), as learnt. */
  state: number;
  /** What moved it there last. */
  cause: TcpStateCause;
  /** Where the data before the peer's FIN ends (from a FIN segment that reached the NIC); -1: no FIN seen. */
  peerFinAt: number;
  /** The host asked the target for an abortive disconnect (TCP_DISCONNECT_ABORTIVE_CLOSE) since the initiate (absent: no). */
  abortive?: true;
  /** Reset since the initiate: TcpIndicateAbort crossed, or the host's abortive disconnect completed with SUCCESS (absent: no). */
  reset?: true;
  /**
   * The target reported its state for the connection corrupt: TcpIndicateRetrieve(HardwareFailure) crossed
   * (reference §6.2: the query, invalidate or terminate that met the corruption fails; absent: no).
   */
  hardwareFailure?: true;
  /** Per binding: optional retrieves made before the last move into a half-closed state, not yet crossed (absent: none). */
  exempt?: Record<number, number>;
}

/**
 * The ledger's part of the monitor's state: per connection label. A connection offloaded in ESTABLISHED
 * that nothing has moved has no entry (most connections, at scale): `view` says undefined, which the rules
 * read as ESTABLISHED, no FIN seen, no reset.
 */
export type TcpViews = Record<string, TcpView>;

/** The states in which the target must not ask for an upload for an optional reason (reference §6.9). */
export const HALF_CLOSED: ReadonlySet<number> = new Set([TCPSTATE.TCPSTATE_FIN_WAIT_1, TCPSTATE.TCPSTATE_FIN_WAIT_2, TCPSTATE.TCPSTATE_CLOSE_WAIT]);

const {
  TCPSTATE_CLOSED: CLOSED, TCPSTATE_SYN_RCVD: SYN_RCVD, TCPSTATE_ESTABLISHED: ESTABLISHED, TCPSTATE_FIN_WAIT_1: FIN_WAIT_1, TCPSTATE_FIN_WAIT_2: FIN_WAIT_2,
  TCPSTATE_CLOSE_WAIT: CLOSE_WAIT, TCPSTATE_CLOSING: CLOSING, TCPSTATE_LAST_ACK: LAST_ACK, TCPSTATE_TIME_WAIT: TIME_WAIT,
} = TCPSTATE;

/** The peer's FIN was taken (RFC 793). */
const PEER_FIN: Readonly<Record<number, number>> = { [ESTABLISHED]: CLOSE_WAIT, [SYN_RCVD]: CLOSE_WAIT, [FIN_WAIT_1]: CLOSING, [FIN_WAIT_2]: TIME_WAIT };
/** The host closed its half (a graceful disconnect). */
const CLOSE: Readonly<Record<number, number>> = { [ESTABLISHED]: FIN_WAIT_1, [SYN_RCVD]: FIN_WAIT_1, [CLOSE_WAIT]: LAST_ACK };
/** Our FIN was acknowledged. */
const FIN_ACKED: Readonly<Record<number, number>> = { [FIN_WAIT_1]: FIN_WAIT_2, [CLOSING]: TIME_WAIT, [LAST_ACK]: CLOSED };

/** The views per connection; reads and writes `views` (part of the monitor's state). */
export class TcpStateLedger {
  constructor(
    private readonly views: TcpViews,
    /** The layers (indices) of the optional TcpIndicateRetrieve calls about a connection waiting in the scheduler. */
    private readonly pendingRetrieves: (label: string) => readonly number[],
  ) {}

  /** The connection's view, if anything moved it from ESTABLISHED (or it was offloaded in another state). */
  view(label: string): Readonly<TcpView> | undefined {
    return this.views[label];
  }

  /** An initiate went down with the connection's delegated state: it starts in that state (what was seen of the peer's FIN stays). */
  offloaded(label: string, state: number): void {
    const peerFinAt = this.views[label]?.peerFinAt ?? -1;
    if (state === ESTABLISHED && peerFinAt < 0) delete this.views[label];
    else this.views[label] = { state, cause: 'initiate', peerFinAt };
  }

  /** The view of a connection to change: as kept, or as a connection nothing has moved (kept once it changes). */
  private get(label: string): TcpView {
    return this.views[label] ?? { state: ESTABLISHED, cause: 'initiate', peerFinAt: -1 };
  }

  /** NdisOffloadTcpDisconnect went down: graceful closes the send half, abortive resets. */
  disconnect(label: string, abortive: boolean): void {
    const v = this.get(label);
    if (abortive) {
      // Reset once the target completes it with SUCCESS (the RST sent: disconnectCompleted); one it gives
      // back (NDIS_STATUS_UPLOAD_IN_PROGRESS) is the host's to carry out after the upload.
      v.abortive = true;
      this.move(v, label, CLOSED, 'reset');
    } else {
      const to = CLOSE[v.state];
      if (to !== undefined) this.move(v, label, to, 'graceful-disconnect', true);
    }
  }

  /** The disconnect completed with SUCCESS: for a graceful one, our FIN was acknowledged; an abortive one sent the RST. */
  disconnectCompleted(label: string): void {
    const v = this.views[label]; // ESTABLISHED: nothing to acknowledge
    if (v?.abortive) v.reset = true; // the RST was sent
    const to = v ? FIN_ACKED[v.state] : undefined;
    if (v && to !== undefined) this.move(v, label, to, 'disconnect-complete');
  }

  /** TcpIndicateDisconnect crossed: the peer's FIN was taken (if the wire has not said so already). */
  disconnectIndicated(label: string): void {
    const v = this.get(label);
    const to = PEER_FIN[v.state];
    if (to !== undefined) this.move(v, label, to, 'disconnect-indication');
  }

  /** TcpIndicateAbort crossed: the connection was reset. */
  aborted(label: string): void {
    const v = this.get(label);
    v.reset = true;
    this.move(v, label, CLOSED, 'reset');
  }

  /** A segment from the peer reached the NIC: a FIN says where the peer's data ends. */
  peerSegment(label: string, seq: number, len: number, fin: boolean): void {
    if (!fin) return;
    const v = this.get(label);
    v.peerFinAt = Math.max(v.peerFinAt, seq + len);
    this.views[label] = v;
  }

  /** The target transmitted a segment: an ACK that covers the peer's FIN says the target took it. */
  targetSegment(label: string, ack: number | null): void {
    const v = this.views[label]; // no entry: no FIN seen
    if (!v || ack === null || v.peerFinAt < 0 || ack < v.peerFinAt) return;
    const to = PEER_FIN[v.state];
    if (to !== undefined) this.move(v, label, to, 'fin-acknowledged', true);
  }

  /** TcpIndicateRetrieve(HardwareFailure) crossed: the target's state for the connection is corrupt. */
  hardwareFailureReported(label: string): void {
    const v = this.get(label);
    v.hardwareFailure = true;
    this.views[label] = v;
  }

  /** An optional TcpIndicateRetrieve crossed `binding`: one made before the last move into a half-closed state is accounted for. */
  retrieveCrossed(label: string, binding: number): void {
    const exempt = this.views[label]?.exempt;
    const n = exempt?.[binding];
    if (!exempt || n === undefined) return;
    if (n > 1) exempt[binding] = n - 1;
    else if (Object.keys(exempt).length > 1) delete exempt[binding];
    else delete this.views[label]!.exempt;
  }

  /**
   * Moves a view. `overtakes`: the move is made at a time other than an indication's crossing, so the
   * optional retrieves already waiting are counted as made before it, at every binding they will cross.
   */
  private move(v: TcpView, label: string, to: number, cause: TcpStateCause, overtakes = false): void {
    if (overtakes && HALF_CLOSED.has(to) && !HALF_CLOSED.has(v.state)) {
      for (const layer of this.pendingRetrieves(label)) {
        for (let b = 0; b < layer; b++) (v.exempt ??= {})[b] = (v.exempt?.[b] ?? 0) + 1;
      }
    }
    v.state = to;
    v.cause = cause;
    this.views[label] = v;
  }
}

/**
 * The byte ledger: where every byte of a connection is, in both directions — with the application, the
 * host, the target, in a call on its way up, on the wire, or at the peer. The nothing-lost invariant
 * (checkNoByteLost) reads it.
 */
import { isTerminating } from '../drivers/reference/target/TargetState.js';
import { targetReceiveHoldings } from '../drivers/reference/target/targetReceiveHoldings.js';
import type { UpCall } from '../ndis/calls.js';
import { nblEnd, nblFilled, type NET_BUFFER_LIST } from '../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../ndis/NDIS_STATUS.js';
import { TCP_CONNECTION_OFFLOAD_STATE } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { HostState } from '../layers/host/HostState.js';
import { hostHeldSegments, hostReceiveHoldings } from '../layers/host/hostReceiveHoldings.js';
import type { PeerConnection, RemotePeerState } from '../layers/peer/remotePeer.js';
import type { PendingItem } from '../scheduler/PendingItem.js';
import { fourTupleText } from '../wire/FourTuple.js';
import type { Segment } from '../wire/Segment.js';
import { peerConnectionOf, targetConnection, tcbNamed } from './inspect.js';
import { carriedBy } from './ndis/Ndis.js';

/** Where a connection's application bytes are (see sendHoldings). */
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
  /** The wire can lose segments, so senders retransmit: the peer receiving a byte twice is TCP at work, not a loss (its stream still takes it once). */
  retransmits?: boolean;
  /**
   * On a lossy wire with nothing pending (no segment, no timer): [start, end) ranges the host's own TCP
   * sent, holds unacknowledged, and will never send again — lost as surely as if they were dropped.
   */
  stuck?: Array<[number, number]>;
}

/** Where the peer's bytes on a connection are (see receiveHoldings). */
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
  /** [start, end) ranges in the peer's segments on the wire, or on their way up the normal receive path (on a lossy wire, also those the host holds). */
  wire: Array<[number, number]>;
  /** The connection was reset: TCP delivers nothing more, so bytes may be missing (never duplicated). */
  reset: boolean;
  /** The wire can duplicate segments: a range on the wire may be a copy of bytes held or delivered already. */
  wireCopies?: boolean;
  /**
   * [start, end) bytes a misbehaving peer sent past the advertised window and has not seen taken yet: the
   * receiver drops them and the peer sends them again, so until then they may be missing, and on the wire twice.
   */
  overWindow: [number, number] | null;
  /** Bytes this machine acknowledged past the receive window it advertised (as the peer saw its segments). */
  ackedPastWindow: number;
  /**
   * A peer that retransmits (a lossy wire): [start, end) bytes it sent that this machine has not
   * acknowledged — from the peer's SND.UNA, or past it the highest ACK this machine sent, to its SND.MAX.
   * The peer holds them for retransmission, so they may be missing everywhere else; a byte this machine
   * acknowledged may not.
   */
  peerHolds?: [number, number] | null;
}

/** What the ledger reads: the host's, the target's and the peer's state, and the pending items. */
export interface LedgerSources {
  host: HostState;
  target: unknown;
  peer: RemotePeerState;
  pending: readonly PendingItem[];
  /** The wire misbehaves (drops, duplicates, reorders): see SendHoldings.retransmits, ReceiveHoldings.wireCopies. */
  lossy?: boolean;
}

const ranges = (nbls: readonly NET_BUFFER_LIST[]) => nbls.filter((n) => n.DataLength > 0).map((n) => [n.DataOffset, nblEnd(n)] as [number, number]);

/** The NBLs in pending calls (completions, indications, a terminate's handed-back data). */
function carried(pending: readonly PendingItem[]): NET_BUFFER_LIST[] {
  const out: NET_BUFFER_LIST[] = [];
  for (const item of pending) if (item.fn !== 'segment' && item.fn !== 'timer') out.push(...carriedBy(item.call as UpCall));
  return out;
}

/**
 * Where every byte the application wrote to a connection is: the ranges of the send NBLs the host
 * holds and those the target holds (by the connection's 4-tuple), and how many bytes were
 * acknowledged or discarded after a reset.
 */
export function sendHoldings(src: LedgerSources, id: string): SendHoldings {
  const t = tcbNamed(src.host, id);
  const target = targetConnection(src.target, t);
  const completing = carried(src.pending).filter((n) => n.ProtocolReserved === t.label && !n.ReceiveBuffer && !n.ForwardedSegment);
  const completingIds = new Set(completing.map((n) => n.id));
  const s = t.stream;
  const atPeer = peerConnectionOf(src.peer, t);
  return {
    appBytes: s?.appBytes ?? 0,
    peerReceived: atPeer?.rcvNxt ?? 0,
    peerDuplicates: atPeer?.duplicateBytes ?? 0,
    acked: s?.ackedBytes ?? 0,
    discarded: s ? [...s.discarded] : [],
    // An NBL in a completion on its way up is no longer the host's, whatever the host still lists.
    host: ranges((s?.sendQueue ?? []).filter((n) => !completingIds.has(n.id))),
    // NBLs handed down with an initiate still in flight are the host's until the initiate succeeds.
    target: ranges((target?.sendQueue ?? []).filter((n) => !s?.sendChainDown?.includes(n.id))),
    completing: ranges(completing),
    ...(src.lossy ? { retransmits: true, stuck: stuckInHost(src, t) } : {}),
  };
}

/** Bytes the host sent and holds unacknowledged when nothing is pending: no timer will send them again. */
function stuckInHost(src: LedgerSources, t: ReturnType<typeof tcbNamed>): Array<[number, number]> {
  const s = t.stream;
  if (!s || src.pending.length > 0 || t.aborted || t.deleted || t.offload !== TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateInHost) return [];
  const atPeer = peerConnectionOf(src.peer, t);
  if (atPeer?.reset) return [];
  // Behind a zero (or shrunk) peer window the sender waits for the peer's window update: its probes stop
  // after their rounds (persist timer), and nothing is lost until the window opens.
  if (atPeer && (atPeer.rcvWnd === 0 || atPeer.droppedBytes > 0)) return [];
  // The same once the host stopped probing (after its rounds, so that a run ends): the peer's window
  // update may have been lost since, and the host waits for the next one.
  if (s.window.sndWnd === 0 && s.window.probes >= src.host.policy.persistTimer.maxProbes) return [];
  return ranges(s.sendQueue).filter((r) => r[0] < s.sndNxt).map((r) => [r[0], Math.min(r[1], s.sndNxt)] as [number, number]);
}

/**
 * Where every byte the peer sent on a connection is: delivered to the application, held by the host,
 * held by the target (by the connection's 4-tuple), in a call on its way up, or on the wire.
 */
export function receiveHoldings(src: LedgerSources, id: string): ReceiveHoldings {
  const t = tcbNamed(src.host, id);
  const tuple = fourTupleText(t);
  const s = t.stream;
  const target = targetConnection(src.target, t);
  const atPeer = peerConnectionOf(src.peer, t);
  const completing: Array<[number, number]> = [];
  for (const n of carried(src.pending)) {
    if (n.connection !== t.label) continue;
    if (n.ReceiveBuffer) {
      const filled = nblFilled(n);
      if (filled) completing.push(filled);
    } else if (n.ForwardedSegment) {
      if (n.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS && n.DataLength > 0) completing.push([n.DataOffset, nblEnd(n)]);
    } else if (n.ProtocolReserved === null && n.DataLength > 0) completing.push([n.DataOffset, nblEnd(n)]); // the target's NBLs
  }
  const wire: Array<[number, number]> = [];
  for (const item of src.pending) {
    // The peer's segments on the wire, and on the normal receive path (NdisMIndicateReceiveNetBufferLists).
    const c = item.call;
    const g: Segment | null =
      c.fn === 'segment' && c.from === 'peer' ? c.segment : c.fn === 'NdisMIndicateReceiveNetBufferLists' ? c.NetBufferLists.segment : null;
    if (g && g.len > 0 && fourTupleText(g.connection) === tuple) wire.push([g.seq, g.seq + g.len]);
  }
  // While the initiate that carried the unread data down is in flight, the target's copy is the one that counts.
  const hostCopyHandedDown = s?.bufferedDown && target && !isTerminating(target);
  // On a wire that duplicates, a segment the host holds (to forward, or ahead of RCV.NXT) may be a copy of
  // bytes the target or the host took already: it is a segment on its way, counted with the wire's.
  if (s && src.lossy) wire.push(...hostHeldSegments(s));
  const host = s ? hostReceiveHoldings(s, !src.lossy).filter((r) => !(hostCopyHandedDown && s.socketBuffer.some((e) => e.from === r[0] && e.to === r[1]))) : [];
  const targetReset = (src.target as { resetConnections?: Record<string, true> } | null)?.resetConnections?.[tuple] === true;
  return {
    peerSent: Math.max(atPeer?.sndNxt ?? 0, atPeer?.sndMax ?? 0),
    appReceived: s?.appReceived ?? 0,
    appMisdelivered: s?.appMisdelivered ?? 0,
    host,
    target: target ? targetReceiveHoldings(target) : [],
    completing,
    wire,
    // A deleted TCB (2MSL, or the FIN_WAIT_2 timer) takes nothing more either.
    reset: t.aborted || t.deleted || (atPeer?.reset ?? false) || targetReset,
    ...(src.lossy ? { wireCopies: true } : {}),
    overWindow: atPeer?.overWindow ? [atPeer.overWindow[0], atPeer.overWindow[1]] : null,
    ackedPastWindow: atPeer?.ackedPastWindow ?? 0,
    ...(src.peer.retransmit ? { peerHolds: atPeer ? heldForRetransmission(atPeer) : null } : {}),
  };
}

/**
 * The bytes a retransmitting peer holds that this machine has not acknowledged: [SND.UNA, SND.MAX), cut where this
 * machine's ACKs reach — a zero-window probe's byte this machine refused among them (it counts in SND.MAX, peerPersist).
 */
function heldForRetransmission(p: PeerConnection): [number, number] | null {
  const from = Math.max(p.sndUna, p.thisMachineAcked);
  return from < p.sndMax ? [from, p.sndMax] : null;
}

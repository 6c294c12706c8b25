/**
 * The central invariant of the data path, as a checker users can run after every step: nothing is
 * lost and nothing is duplicated. Every byte the application wrote to a connection is, at every
 * moment, in exactly one place: acknowledged by the peer, discarded (by a reset, or written after the
 * send half closed), held by the host, held by the target, or in a completion on its way up (a send
 * completion, or a terminate completion handing the chain back); and the peer receives each byte
 * once, never a byte that was not written, and nothing counts as acknowledged that the peer did not
 * receive.
 *
 * The same for the other direction: every byte the peer sent is delivered to the application once and
 * in order, or is in exactly one place on its way there — on the wire, buffered by the target (or in
 * a partly filled posted buffer), in a receive completion or indication or a terminate's BufferedData
 * on its way up, or held by the host (unread, in its own buffers, in segments it holds). After a
 * reset TCP delivers nothing more, so bytes may then be missing — but never duplicated. On a lossy wire
 * the peer retransmits: a byte this machine has not acknowledged may be nowhere else, held by the peer
 * for retransmission (its segment was dropped); one this machine acknowledged may not.
 */
import type { ReceiveHoldings, SendHoldings, Simulation } from '../system/Simulation.js';

export interface ByteLedgerProblem {
  connection: string;
  message: string;
}

/** Checks one connection's holdings; an empty list when every byte is in exactly one place. */
export function checkSendHoldings(connection: string, h: SendHoldings): ByteLedgerProblem[] {
  const problems: ByteLedgerProblem[] = [];
  const done = h.acked; // the peer acknowledges in order: [0, acked)
  const held = [
    ...h.discarded.map((r) => ({ r, who: 'discarded' })),
    ...h.host.map((r) => ({ r, who: 'host' })),
    ...h.target.map((r) => ({ r, who: 'target' })),
    ...h.completing.map((r) => ({ r, who: 'completion on its way up' })),
  ].sort((a, b) => a.r[0] - b.r[0]);
  let next = done;
  for (const { r, who } of held) {
    if (r[0] > next) problems.push({ connection, message: `bytes [${next}, ${r[0]}) are nowhere (lost)` });
    if (r[0] < next) problems.push({ connection, message: `bytes [${r[0]}, ${Math.min(next, r[1])}) are held twice (again by the ${who})` });
    next = Math.max(next, r[1]);
  }
  if (next < h.appBytes) problems.push({ connection, message: `bytes [${next}, ${h.appBytes}) are nowhere (lost)` });
  if (next > h.appBytes) problems.push({ connection, message: `bytes [${h.appBytes}, ${next}) are held but were never written` });
  if (h.acked > h.peerReceived) problems.push({ connection, message: `${h.acked} bytes counted as acknowledged, but the peer received only ${h.peerReceived}` });
  if (h.peerReceived > h.appBytes) problems.push({ connection, message: `the peer received ${h.peerReceived} bytes of a stream of ${h.appBytes}` });
  for (const [a, b] of h.stuck ?? []) problems.push({ connection, message: `bytes [${a}, ${b}) were sent, never acknowledged, and nothing will send them again (lost)` });
  if (h.peerDuplicates > 0 && !h.retransmits) problems.push({ connection, message: `the peer received ${h.peerDuplicates} bytes twice` });
  return problems;
}

/** Checks where the peer's bytes on one connection are; an empty list when each is in exactly one place. */
export function checkReceiveHoldings(connection: string, h: ReceiveHoldings): ByteLedgerProblem[] {
  const problems: ByteLedgerProblem[] = [];
  // Bytes a misbehaving peer sent past the window count where a receiver holds them, not on the wire
  // (they may be there twice: sent again); missing, they are the receiver's to drop.
  const over = h.overWindow;
  const wire = over ? h.wire.flatMap((r) => outside(r, over)) : h.wire;
  const held = [
    ...(h.wireCopies ? wireBeyond({ ...h, wire }) : wire).map((r) => ({ r, who: 'wire' })),
    ...h.target.map((r) => ({ r, who: 'target' })),
    ...h.completing.map((r) => ({ r, who: 'call on its way up' })),
    ...h.host.map((r) => ({ r, who: 'host' })),
  ].sort((a, b) => a.r[0] - b.r[0]);
  // Bytes nowhere else: the receiver's to drop past the window, or held by the peer for retransmission (not acknowledged by this machine).
  const missing = (r: [number, number]) => {
    if (h.reset || within(r, over)) return;
    const holds = h.peerHolds;
    if (holds === undefined) return void problems.push({ connection, message: `received bytes [${r[0]}, ${r[1]}) are nowhere (lost)` });
    for (const [a, b] of holds ? outside(r, holds) : [r]) {
      problems.push({ connection, message: `received bytes [${a}, ${b}) are nowhere, and this machine acknowledged them (lost)` });
    }
  };
  let next = h.appReceived;
  for (const { r, who } of held) {
    if (r[0] > next) missing([next, r[0]]);
    if (r[0] < next && !within([r[0], Math.min(next, r[1])], over)) problems.push({ connection, message: `received bytes [${r[0]}, ${Math.min(next, r[1])}) are held twice (again by the ${who})` });
    next = Math.max(next, r[1]);
  }
  if (next < h.peerSent) missing([next, h.peerSent]);
  if (next > h.peerSent) problems.push({ connection, message: `received bytes [${h.peerSent}, ${next}) are held but the peer never sent them` });
  if (h.ackedPastWindow > 0) problems.push({ connection, message: `this machine acknowledged ${h.ackedPastWindow} bytes past the receive window it advertised` });
  if (h.appMisdelivered > 0) problems.push({ connection, message: `${h.appMisdelivered} bytes reached the application out of order or twice` });
  return problems;
}

/**
 * A wire that duplicates: the parts of the wire's ranges that nothing else holds and the application
 * has not received — the copies the wire made of bytes held elsewhere are not a second place.
 */
function wireBeyond(h: ReceiveHoldings): Array<[number, number]> {
  const covered = [[0, h.appReceived] as [number, number], ...h.target, ...h.completing, ...h.host].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  const wire = [...h.wire].sort((a, b) => a[0] - b[0]);
  let from = 0; // everything before `from` is out already
  for (const [s0, e] of wire) {
    let s = Math.max(s0, from);
    for (const [cs, ce] of covered) {
      if (ce <= s || cs >= e) continue;
      if (cs <= s) s = Math.max(s, ce);
      else {
        out.push([s, cs]);
        s = ce;
      }
      if (s >= e) break;
    }
    if (s < e) out.push([s, e]);
    from = Math.max(from, e);
  }
  return out;
}

/** The parts of range `r` outside `cut`. */
function outside(r: [number, number], cut: readonly [number, number]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (r[0] < cut[0]) out.push([r[0], Math.min(r[1], cut[0])]);
  if (r[1] > cut[1]) out.push([Math.max(r[0], cut[1]), r[1]]);
  return out;
}

/** Is range `r` inside `over` (a misbehaving peer's bytes past the window)? */
function within(r: [number, number], over: readonly [number, number] | null): boolean {
  return over !== null && r[0] >= over[0] && r[1] <= over[1];
}

/** Checks every connection of a simulation, both directions. */
export function checkNoByteLost(sim: Simulation): ByteLedgerProblem[] {
  return sim.connectionIds().flatMap((id) => [...checkSendHoldings(id, sim.sendHoldings(id)), ...checkReceiveHoldings(id, sim.receiveHoldings(id))]);
}

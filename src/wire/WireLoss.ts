/**
 * A wire that misbehaves (issue 11): it drops, duplicates and reorders segments, scripted (a scenario's
 * `drop: { from: target }`: the next segment the target sends is lost) or at random with seeded rates
 * (the simulation's own generator, so a run replays byte for byte). Plain data, part of the simulation
 * state. It never corrupts silently: the wire says in the trace what it did, and who asked.
 *
 * What the model leaves open, decided: on a wire that misbehaves the remote peer retransmits as this
 * machine's TCP does (a retransmit timer from SND.UNA, go-back-N: peerRetransmit), so the wire may drop
 * any of its segments — data, FIN, pure ACK — but an RST, which no TCP sends again (a `drop` of the
 * peer's segments takes its next segment that is not an RST, and random loss spares its RSTs). On a
 * wire that loses nothing the peer is the ideal peer and never retransmits. Faults are decided when
 * a segment arrives, not when it is sent: a scripted fault takes the nth segment from that end to arrive
 * after the step, whether it is already on the wire or sent later.
 */
import type { WireEnd } from '../scheduler/PendingItem.js';
import type { Segment } from './Segment.js';

/** What the wire does to one segment. */
export type WireFault = 'drop' | 'duplicate' | 'reorder';

/** Seeded rates (each in [0, 1]) at which the wire drops, duplicates or reorders a segment. */
export interface WireLossRates {
  drop: number;
  duplicate: number;
  reorder: number;
}

/** A scripted fault: the `nth` segment from `from` to arrive (1 = the next) meets `fault`. */
export interface ScriptedWireFault {
  fault: WireFault;
  from: WireEnd;
  /** Segments from `from` still to arrive before the one it takes (0: the next one). */
  skip: number;
}

/** The wire's misbehaviour, as plain data. */
export interface WireLossState {
  /** Random loss: null when the wire loses nothing at random. */
  rates: WireLossRates | null;
  /** Scripted faults still to happen, in the order given. */
  scripted: ScriptedWireFault[];
}

/** A wire that loses nothing at random (scripted faults may still be added). */
export function createWireLossState(rates?: Partial<WireLossRates> | null): WireLossState {
  if (!rates) return { rates: null, scripted: [] };
  const full = { drop: rates.drop ?? 0, duplicate: rates.duplicate ?? 0, reorder: rates.reorder ?? 0 };
  for (const [k, v] of Object.entries(full)) {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`wire ${k} rate must be between 0 and 1, got ${v}`);
  }
  return { rates: full.drop + full.duplicate + full.reorder > 0 ? full : null, scripted: [] };
}

/** Can the wire misbehave at all (random rates, or a scripted fault still to come)? */
export function wireMayMisbehave(s: WireLossState | undefined): boolean {
  return s !== undefined && (s.rates !== null || s.scripted.length > 0);
}

/** The peer's RST is never dropped: nothing would send it again (see the header); its data and FIN the peer retransmits. */
function mayDrop(from: WireEnd, segment: Segment): boolean {
  return from !== 'peer' || !segment.rst;
}

/**
 * What happens to a segment from `from` arriving now: a scripted fault whose turn it is (it is used up),
 * else a random one drawn from `random`, else nothing. `by` says who decided, for the trace.
 */
export function faultFor(s: WireLossState, from: WireEnd, segment: Segment, random: () => number): { fault: WireFault; by: string } | null {
  let taken = -1;
  for (let i = 0; i < s.scripted.length; i++) {
    const f = s.scripted[i]!;
    if (f.from !== from || (f.fault === 'drop' && !mayDrop(from, segment))) continue;
    if (f.skip > 0) f.skip--; // every scripted fault counts the segments from its end
    else if (taken < 0) taken = i;
  }
  if (taken >= 0) return { fault: s.scripted.splice(taken, 1)[0]!.fault, by: 'the scenario' };
  const r = s.rates;
  if (!r) return null;
  const x = random();
  if (x < r.drop) return mayDrop(from, segment) ? { fault: 'drop', by: `random loss (drop rate ${r.drop})` } : null;
  if (x < r.drop + r.duplicate) return { fault: 'duplicate', by: `random loss (duplicate rate ${r.duplicate})` };
  if (x < r.drop + r.duplicate + r.reorder) return { fault: 'reorder', by: `random loss (reorder rate ${r.reorder})` };
  return null;
}

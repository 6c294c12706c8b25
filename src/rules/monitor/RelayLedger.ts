/**
 * The monitor's ledger of relays owed: per intermediate driver's lower binding, the TCP offload events
 * and status indications that came up to it and that it has not yet passed to the layer above.
 *
 * Why it can judge a drop without seeing the handler return: NDIS delivers a call that comes up to an
 * intermediate driver at once (the driver is never busy then), and a call the driver makes inside that
 * handler crosses at once too. While the handler runs, nothing else comes up through its lower binding
 * or any binding below it (the layers below either wait for the handler to return, or pend what they
 * indicate). So the next call that comes up through a binding at or below the driver's — or quiescence —
 * comes after the handler returned: what it still owes then was dropped.
 */
import type { CrossingKind, EventCrossing, StatusCrossing } from '../Crossing.js';
import { atBinding } from './atBinding.js';

/** The crossings that come up from below (the caller is the lower layer of the binding). */
export const UPWARD_KINDS = [
  'completion', 'event', 'offloadEvent', 'status', 'ioComplete', 'receiveIndicate', 'receiveIndicateReturn',
] as const satisfies readonly CrossingKind[];

/** An indication an intermediate driver (`im`) received and has not relayed yet. */
export type OwedRelay =
  | {
      kind: 'event';
      im: string;
      /** The object's label, as the handle the driver received names it. */
      object: string;
      /** The driver's own handle it came with (`IM1#6`). */
      handle: string;
      EventType: number;
      EventSpecificInformation: number;
    }
  | { kind: 'status'; im: string; StatusCode: number };

/** An owed TCP offload event. */
export type OwedEvent = Extract<OwedRelay, { kind: 'event' }>;

/** Per binding (the driver's lower binding, so 1 or more): the relays owed, in the order they came up. */
export type OwedRelays = OwedRelay[][];

/** What a relay going up answers: the owed indication it matches, and whether it passed it on unchanged. */
export interface RelayMatch {
  owed: OwedEvent;
  unchanged: boolean;
}

const NONE: readonly OwedRelay[] = Object.freeze([]);

/** The relays owed per binding; reads and writes `owed` (part of the monitor's state). */
export class RelayLedger {
  constructor(private readonly owed: OwedRelays) {}

  /**
   * The relays owed at the bindings from 1 to `binding` (every binding when omitted): dropped, once
   * something comes up through `binding`. Allocates nothing when none is owed (asked on every call going up).
   */
  owedUpTo(binding = this.owed.length): readonly OwedRelay[] {
    let out: OwedRelay[] | undefined;
    const last = Math.min(binding, this.owed.length - 1);
    for (let b = 1; b <= last; b++) {
      const owed = this.owed[b];
      if (owed?.length) (out ??= []).push(...owed);
    }
    return out ?? NONE;
  }

  /**
   * The owed event that `c` (an event going up through the binding above the driver that owes it)
   * relays: the first owed for the same object with the same EventType and EventSpecificInformation,
   * else the first owed for the same object (relayed changed). `object` is the label the relay names.
   */
  relayOf(c: EventCrossing, object: string): RelayMatch | undefined {
    let changed: OwedEvent | undefined;
    for (const r of this.owed[c.binding + 1] ?? []) {
      if (r.kind !== 'event' || r.im !== c.caller || r.object !== object) continue;
      if (r.EventType === c.EventType && r.EventSpecificInformation === c.EventSpecificInformation) return { owed: r, unchanged: true };
      changed ??= r;
    }
    return changed ? { owed: changed, unchanged: false } : undefined;
  }

  /** Something came up through `binding`: what was owed at it and above was judged, and is forgotten. */
  judged(binding: number): void {
    for (let b = 1; b <= binding && b < this.owed.length; b++) if (this.owed[b]?.length) this.owed[b] = [];
  }

  /** An event relayed (changed or not) is no longer owed. */
  eventRelayed(c: EventCrossing, object: string): void {
    const match = this.relayOf(c, object);
    if (match) this.remove(c.binding + 1, match.owed);
  }

  /** A status indication passed up through the binding above the driver that owes it, with the same StatusCode. */
  statusRelayed(c: StatusCrossing): void {
    const owed = this.owed[c.binding + 1]?.find((r) => r.kind === 'status' && r.im === c.caller && r.StatusCode === c.StatusCode);
    if (owed) this.remove(c.binding + 1, owed);
  }

  /** An indication came up to the intermediate driver above `binding` (1 or more): it owes the relay. */
  owe(binding: number, relay: OwedRelay): void {
    atBinding(this.owed, binding, () => []).push(relay);
  }

  /** Nothing is pending: every handler has returned, and every relay still owed was judged. */
  clear(): void {
    this.owed.length = 0;
  }

  private remove(binding: number, relay: OwedRelay): void {
    const list = this.owed[binding];
    const at = list ? list.indexOf(relay) : -1;
    if (list && at >= 0) list.splice(at, 1);
  }
}

/**
 * A documented rule as data: an id, a one-line summary a learner can read, the documentation page it
 * comes from, and the check. Checks read the crossing and the monitor's record; they never change
 * anything. A rule returns one finding per broken instance.
 */
import type { Crossing } from './Crossing.js';
import type { RuleMonitor } from './RuleMonitor.js';

export interface Finding {
  detail: string;
  objects: string[];
}

/** A state change reported by a layer (the offload or TCP region of one object). */
export interface StateChange {
  layer: string;
  object: string;
  region: 'offload' | 'tcp' | 'adapter';
  from: number;
  to: number;
  /** The NDIS call or event that drove it. */
  cause: string;
}

export interface Rule {
  /** Stable id, e.g. `no-indication-before-initiate-complete`. */
  readonly id: string;
  /** What the rule says, in one sentence. */
  readonly summary: string;
  /** The title of the documentation page the rule comes from (reference §8 and §2). */
  readonly source: string;
  /**
   * The kind(s) of crossing `onCrossing` looks at (the rulebook only asks the rules that care); a list
   * when one rule covers several calls (an event indication and a receive indication, say).
   */
  readonly crossing?: Crossing['kind'] | readonly Crossing['kind'][];
  /**
   * Which side of the crossing broke the rule when it fires. By default the callee for a crossing that
   * reports a return value the callee chose (`ioReturn`, `receiveIndicateReturn`), the caller otherwise.
   */
  readonly blames?: 'caller' | 'callee';
  /** Checked when a call crosses a binding (before the monitor records it). */
  readonly onCrossing?: (c: Crossing, m: RuleMonitor) => Finding[] | undefined;
  /** Checked when a layer changes an object's state. */
  readonly onStateChange?: (s: StateChange) => Finding[] | undefined;
  /** Checked when nothing is pending any more ("eventually" rules). */
  readonly atQuiescence?: (m: RuleMonitor) => Finding[] | undefined;
}

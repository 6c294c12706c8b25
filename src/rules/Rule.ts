/**
 * A documented rule as data: an id, a one-line summary a learner can read, the documentation page it
 * comes from, and the check, typed by the kind of crossing it judges. Checks read the crossing and the
 * monitor's record; they never change anything. A rule returns one finding per broken instance.
 */
import type { CrossingKind, CrossingOf } from './Crossing.js';
import type { RuleMonitor } from './monitor/RuleMonitor.js';

/** One broken instance of a rule: what happened, and the objects (labels) it is about. */
export interface Finding {
  detail: string;
  objects: string[];
  /**
   * The layer that broke the rule, when it is neither side of the crossing being judged nor the layer
   * quiescence names: an intermediate driver that dropped an indication is found out later, at another
   * crossing or when nothing is pending.
   */
  layer?: string;
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

/**
 * A rule whose `onCrossing` judges the crossings of kind(s) `K`. `Rule` without a parameter is the
 * widened type the rulebook lists; write a rule with `defineRule`, which infers `K` from `crossing`.
 */
export interface Rule<K extends CrossingKind = CrossingKind> {
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
  readonly crossing?: K | readonly K[];
  /**
   * Which side of the crossing broke the rule when it fires. By default the callee for a crossing that
   * reports a return value the callee chose (`ioReturn`, `receiveIndicateReturn`), the caller otherwise.
   */
  readonly blames?: 'caller' | 'callee';
  /**
   * Checked when a call of kind `K` crosses a binding (before the monitor records it). A method, so
   * that a `Rule<'io'>` is also a `Rule`: the rulebook hands it only the kinds listed in `crossing`.
   */
  onCrossing?(c: CrossingOf<K>, m: RuleMonitor): Finding[] | undefined;
  /** Checked when a layer changes an object's state. */
  readonly onStateChange?: (s: StateChange) => Finding[] | undefined;
  /** Checked when nothing is pending any more ("eventually" rules). */
  readonly atQuiescence?: (m: RuleMonitor) => Finding[] | undefined;
}

/** Any rule, whatever kinds of crossing it judges (what the rulebook lists). */
export type AnyRule = Rule;

/**
 * A rule, its crossing kind(s) inferred from `crossing`, so that `onCrossing` receives exactly those
 * crossings (no `c.kind` guard needed). A rule without `crossing` judges no crossing.
 */
export function defineRule<K extends CrossingKind = never>(rule: Rule<K>): Rule<K> {
  return rule;
}

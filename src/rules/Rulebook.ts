/**
 * Runs the rules: every crossing and state change is checked against every rule, then recorded in the
 * monitor. A broken rule becomes a `violation` trace event; the simulation keeps running or stops,
 * as the caller chose.
 */
import type { CoverageRecorder } from './CoverageRecorder.js';
import type { Trace } from '../trace/Trace.js';
import type { ViolationEvent } from '../trace/TraceEvent.js';
import type { Crossing, CrossingKind } from './Crossing.js';
import { RuleMonitor } from './monitor/RuleMonitor.js';
import type { AnyRule, Finding, StateChange } from './Rule.js';
import { RULEBOOK } from './rules.js';

/** Whether the simulation goes on after a violation. */
export type OnViolation = 'continue' | 'stop';

/** A rule with the check the rulebook is about to run. */
type WithCheck<R extends AnyRule, C extends 'onCrossing' | 'onStateChange' | 'atQuiescence'> = R & Required<Pick<R, C>>;

/** The rules, by what they check; reports each finding as a violation in the trace. */
export class Rulebook {
  /** Rules by the crossing kind they check. */
  private readonly crossingRules: ReadonlyMap<CrossingKind, WithCheck<AnyRule, 'onCrossing'>[]>;
  private readonly stateRules: readonly WithCheck<AnyRule, 'onStateChange'>[];
  private readonly quietRules: readonly WithCheck<AnyRule, 'atQuiescence'>[];

  constructor(
    private readonly trace: Trace,
    private readonly onViolation: OnViolation = 'continue',
    readonly rules: readonly AnyRule[] = RULEBOOK,
    /** The record the rules read; its state is part of the simulation state. */
    readonly monitor: RuleMonitor = new RuleMonitor(),
    /** Where the first violation is kept once `onViolation` is 'stop' (part of the simulation state). */
    private readonly verdict: { stoppedBy: ViolationEvent | null } = { stoppedBy: null },
    /** Told which rules were asked and what crossed (chimney explore's coverage); usually absent. */
    private readonly coverage?: CoverageRecorder,
  ) {
    ({ crossingRules: this.crossingRules, stateRules: this.stateRules, quietRules: this.quietRules } = indexOf(rules));
  }

  /** The first violation, once `onViolation` is 'stop'. */
  get stoppedBy(): ViolationEvent | null {
    return this.verdict.stoppedBy;
  }

  /**
   * Checks a call crossing a binding, then records it. Each rule is asked only about the kinds it lists,
   * so the crossing is of the kind its `onCrossing` takes.
   */
  crossing(c: Crossing): void {
    const rules = this.crossingRules.get(c.kind);
    this.coverage?.crossing(c);
    if (rules) {
      const breaker = defaultBreaker(c);
      for (const rule of rules) {
        this.coverage?.rule(rule.id);
        const findings = rule.onCrossing(c, this.monitor);
        if (findings) this.report(rule, findings, rule.blames ? (rule.blames === 'callee' ? c.callee : c.caller) : breaker);
      }
    }
    this.monitor.apply(c);
  }

  /** Checks a state change a layer made. */
  stateChange(s: StateChange): void {
    this.coverage?.stateChange(s);
    for (const rule of this.stateRules) {
      this.coverage?.rule(rule.id);
      this.report(rule, rule.onStateChange(s), s.layer);
    }
  }

  /**
   * Checks the "eventually" rules; called when nothing is pending. Each finding is reported once. Then
   * the monitor forgets what only had to happen before the handlers that owed it returned (they all have).
   */
  quiescence(blame: string): void {
    for (const rule of this.quietRules) {
      this.coverage?.rule(rule.id);
      const reported = this.monitor.state.reportedAtQuiescence;
      const fresh = rule.atQuiescence(this.monitor)?.filter((f) => {
        const key = `${rule.id}\u0000${f.objects.join(',')}\u0000${f.detail}`;
        if (reported.includes(key)) return false;
        reported.push(key);
        return true;
      });
      this.report(rule, fresh, blame);
    }
    this.monitor.quiesced();
  }

  private report(rule: AnyRule, findings: Finding[] | undefined, layer: string): void {
    if (!findings) return;
    for (const f of findings) {
      const v = this.trace.record({
        kind: 'violation', rule: rule.id, summary: rule.summary, source: rule.source, layer: f.layer ?? layer, objects: f.objects, detail: f.detail,
      });
      // A violation is always recorded, whether or not the trace keeps the rest.
      if (this.onViolation === 'stop' && !this.verdict.stoppedBy && v?.kind === 'violation') this.verdict.stoppedBy = v;
    }
  }
}

interface RuleIndex {
  crossingRules: ReadonlyMap<CrossingKind, WithCheck<AnyRule, 'onCrossing'>[]>;
  stateRules: readonly WithCheck<AnyRule, 'onStateChange'>[];
  quietRules: readonly WithCheck<AnyRule, 'atQuiescence'>[];
}

/** The rules by what they check, worked out once per list of rules. */
const indexes = new WeakMap<readonly AnyRule[], RuleIndex>();

function indexOf(rules: readonly AnyRule[]): RuleIndex {
  const known = indexes.get(rules);
  if (known) return known;
  const crossingRules = new Map<CrossingKind, WithCheck<AnyRule, 'onCrossing'>[]>();
  for (const r of rules) {
    if (!hasCheck(r, 'onCrossing')) continue;
    if (!r.crossing) throw new Error(`rule ${r.id} checks crossings but does not say which kind`);
    for (const kind of typeof r.crossing === 'string' ? [r.crossing] : r.crossing) {
      const list = crossingRules.get(kind) ?? [];
      list.push(r);
      crossingRules.set(kind, list);
    }
  }
  const index: RuleIndex = {
    crossingRules,
    stateRules: rules.filter((r) => hasCheck(r, 'onStateChange')),
    quietRules: rules.filter((r) => hasCheck(r, 'atQuiescence')),
  };
  indexes.set(rules, index);
  return index;
}

/** True when `rule` has the check `check`. */
function hasCheck<C extends 'onCrossing' | 'onStateChange' | 'atQuiescence'>(rule: AnyRule, check: C): rule is WithCheck<AnyRule, C> {
  return rule[check] !== undefined;
}

/** The layer that breaks a rule at crossing `c` unless the rule says otherwise: the one that chose what the rules judge. */
function defaultBreaker(c: Crossing): string {
  // The violation of a return is the callee's: it chose the return value.
  return c.kind === 'ioReturn' || c.kind === 'receiveIndicateReturn' ? c.callee : c.caller;
}

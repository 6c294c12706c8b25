/**
 * What a set of runs exercised, machine by machine and rule by rule: for every candidate transition of
 * every registered machine, how many times the traces took it (and the first file that did); for every
 * (state × event) pair whether any of its candidates was taken; for every rule whether it was asked and
 * whether it broke. Computed from the traces alone.
 */
import { MACHINES } from '../machines/machineRegistry.js';
import { RULEBOOK } from '../rules/rules.js';
import type { TraceEvent } from '../trace/TraceEvent.js';
import { machineTransitions, pairOf, type MachineTransition } from './machineTransitions.js';
import { rulesOfTrace } from './rulesOfTrace.js';
import { freshMemory, observe } from './TraceObserver.js';

/** One candidate transition and how often the runs took it. */
export interface TransitionCoverage extends MachineTransition {
  readonly count: number;
  /** The first run (file) that took it. */
  readonly firstIn?: string;
}

export interface MachineCoverage {
  readonly name: string;
  readonly description: string;
  readonly transitions: readonly TransitionCoverage[];
  /** (state × event) pairs the machine defines, and those of them some run took. */
  readonly pairs: number;
  readonly pairsVisited: number;
}

export interface RuleCoverage {
  readonly id: string;
  readonly summary: string;
  readonly source: string;
  readonly exercised: boolean;
  readonly violated: boolean;
}

export interface CoverageReport {
  /** The runs measured, by name (a scenario file). */
  readonly runs: readonly string[];
  readonly machines: readonly MachineCoverage[];
  readonly rules: readonly RuleCoverage[];
}

/** One run to measure: its name and its trace. */
export interface MeasuredRun {
  readonly name: string;
  readonly events: readonly TraceEvent[];
}

/** The coverage of these runs. */
export function measureCoverage(runs: readonly MeasuredRun[]): CoverageReport {
  const count = new Map<string, number>();
  const firstIn = new Map<string, string>();
  const exercised = new Set<string>();
  const violated = new Set<string>();
  for (const run of runs) {
    const memory = freshMemory();
    for (const e of run.events) {
      observe(memory, e, (t) => {
        count.set(t.key, (count.get(t.key) ?? 0) + 1);
        if (!firstIn.has(t.key)) firstIn.set(t.key, run.name);
      });
    }
    const rules = rulesOfTrace(run.events);
    for (const id of rules.exercised) exercised.add(id);
    for (const id of rules.violated) violated.add(id);
  }
  const machines = MACHINES.map((m): MachineCoverage => {
    const transitions = machineTransitions(m).map((t): TransitionCoverage => {
      const first = firstIn.get(t.key);
      return { ...t, count: count.get(t.key) ?? 0, ...(first !== undefined ? { firstIn: first } : {}) };
    });
    const pairs = new Set(transitions.map(pairOf));
    const visited = new Set(transitions.filter((t) => t.count > 0).map(pairOf));
    return { name: m.name, description: m.description, transitions, pairs: pairs.size, pairsVisited: visited.size };
  });
  const rules = RULEBOOK.map((r): RuleCoverage => ({ id: r.id, summary: r.summary, source: r.source, exercised: exercised.has(r.id), violated: violated.has(r.id) }));
  return { runs: runs.map((r) => r.name), machines, rules };
}

/** The transitions no run took, machine by machine. */
export function unvisitedTransitions(report: CoverageReport): TransitionCoverage[] {
  return report.machines.flatMap((m) => m.transitions.filter((t) => t.count === 0));
}

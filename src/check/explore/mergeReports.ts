/**
 * The reports of the workers (or shards) of one exploration as one: states counted once across all of
 * them (by their fingerprints), transitions and schedules added up, the shortest counterexample, the
 * coverage joined, and the limit that stopped any of them (a break first, then time, states, depth).
 */
import { RULEBOOK } from '../../rules/rules.js';
import type { ExploreReport, StoppedBy } from './ExploreOptions.js';

const PRECEDENCE: readonly StoppedBy[] = ['violation', 'time', 'states', 'depth', 'none'];

export function mergeReports(reports: readonly ExploreReport[], elapsedMs: number): ExploreReport {
  const first = reports[0];
  if (!first) throw new RangeError('mergeReports: no report');
  const fingerprints = new Set<string>();
  for (const r of reports) for (const f of r.fingerprints ?? []) fingerprints.add(f);
  const states = fingerprints.size || reports.reduce((n, r) => n + r.states, 0);
  const union = (pick: (r: ExploreReport) => readonly string[]) => [...new Set(reports.flatMap(pick))].sort();
  const exercised = new Set(reports.flatMap((r) => r.coverage.rulesExercised));
  const violated = new Set(reports.flatMap((r) => r.coverage.rulesViolated));
  const found = reports.flatMap((r) => (r.counterexample ? [r.counterexample] : [])).sort((a, b) => a.steps - b.steps || a.outOfOrder - b.outOfOrder)[0];
  return {
    strategy: first.strategy,
    states,
    transitions: reports.reduce((n, r) => n + r.transitions, 0),
    schedules: reports.reduce((n, r) => n + r.schedules, 0),
    depth: Math.max(...reports.map((r) => r.depth)),
    stoppedBy: PRECEDENCE.find((p) => reports.some((r) => r.stoppedBy === p)) ?? 'none',
    collisionProbability: Math.min(1, (states * states) / 2 ** 65),
    elapsedMs,
    coverage: {
      rulesExercised: RULEBOOK.map((r) => r.id).filter((id) => exercised.has(id)),
      rulesViolated: RULEBOOK.map((r) => r.id).filter((id) => violated.has(id)),
      rulesNeverReached: RULEBOOK.map((r) => r.id).filter((id) => !exercised.has(id)),
      transitions: union((r) => r.coverage.transitions),
      crossings: union((r) => r.coverage.crossings),
    },
    ...(found ? { counterexample: found } : {}),
  };
}

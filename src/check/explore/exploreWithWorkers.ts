/**
 * An exploration spread over worker threads: worker w of W takes shard (i·W + w)/(n·W) of the search
 * (a part of the root's actions for BFS and DFS, of the runs for random and PCT), so `--workers` and
 * `--shard i/n` combine: CI machines share a campaign and each machine uses its cores. Your driver runs
 * watched, as in `chimney check`. The reports are merged (mergeReports) and the shortest counterexample
 * is written to `out`.
 */
import { writeCounterexample, type WrittenCounterexample } from '../engine/writeCounterexample.js';
import { watchWorkers, type WatchOptions, type WorkerOutcome } from '../worker/watchWorkers.js';
import type { ExploreRequest } from '../worker/WorkerJob.js';
import type { ExploreReport } from './ExploreOptions.js';
import { mergeReports } from './mergeReports.js';

export type ExploreOutcome =
  | { readonly kind: 'explored'; readonly report: ExploreReport; readonly written?: WrittenCounterexample }
  | Exclude<WorkerOutcome, { kind: 'checked' | 'explored' }>;

export function exploreWithWorkers(request: ExploreRequest, workers: number, watch: WatchOptions = {}): ExploreOutcome {
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new RangeError(`workers must be a whole number from 1 to 64, got ${workers}`);
  const shard = request.shard ?? { index: 0, count: 1 };
  const jobs = Array.from({ length: workers }, (_, w) => ({
    kind: 'explore' as const,
    request: { ...request, out: undefined, fingerprints: workers > 1, shard: { index: shard.index * workers + w, count: shard.count * workers } },
  }));
  const outcomes = watchWorkers(jobs, watch);
  const failed = outcomes.find((o) => o.kind !== 'explored');
  if (failed) {
    if (failed.kind === 'checked') throw new Error('an exploration worker answered with a check');
    return failed;
  }
  const reports = outcomes.flatMap((o) => (o.kind === 'explored' ? [o.report] : []));
  // The search's own time (the slowest worker), not the workers' start-up.
  const report = mergeReports(reports, reports.length === 1 ? reports[0]!.elapsedMs : Math.max(...reports.map((r) => r.elapsedMs)));
  const cx = report.counterexample;
  return cx && request.out !== undefined ? { kind: 'explored', report, written: writeCounterexample(cx, request.out) } : { kind: 'explored', report };
}

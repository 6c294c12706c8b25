/** What `explore` (and `chimney explore`) searches, how, and within which limits; and what it reports. */
import type { CheckOptions } from '../engine/CheckOptions.js';
import type { Counterexample } from '../engine/counterexample.js';

export type Strategy = 'bfs' | 'dfs' | 'pct' | 'random';
export const STRATEGIES: readonly Strategy[] = ['bfs', 'dfs', 'pct', 'random'];

export interface ExploreOptions extends Pick<CheckOptions, 'intermediateDriver' | 'target' | 'faults' | 'invariants' | 'modules'> {
  /** Connections, all to 10.0.0.2 (they share a path and a neighbor); default 1. */
  connections?: number;
  /** Intermediate drivers; default 1. */
  ims?: number;
  /** Longest path, in steps; default 8. */
  depth?: number;
  /** Stop after this many distinct states; default 200,000. */
  maxStates?: number;
  /** Stop after this long (ms); default 60,000. */
  timeMs?: number;
  /** Default 'bfs'. */
  strategy?: Strategy;
  /** Only these kinds of action from the alphabet (step names: offload, send, indicate, status ...); default all. */
  actions?: readonly string[];
  /** PCT's bug depth d: d − 1 priority change points per run; default 3. */
  pctDepth?: number;
  /** Seed of 'random' and 'pct'; default 1. */
  seed?: number;
  /** This shard of the search, and how many there are (`--shard i/n`): a part of the root's actions, or of the seeds. */
  shard?: { index: number; count: number };
  /** Told of progress now and then (every 1,000 transitions). */
  onProgress?(progress: ExploreProgress): void;
}

export interface ExploreProgress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly elapsedMs: number;
}

/** Which limit ended the search; `none`: the space (to the depth, for BFS and DFS) was exhausted. */
export type StoppedBy = 'depth' | 'states' | 'time' | 'none' | 'violation';

export interface ExploreReport {
  readonly strategy: Strategy;
  /** Distinct states (by fingerprint). */
  readonly states: number;
  readonly transitions: number;
  /** Complete schedules: paths that ended at the depth limit, at a state with nothing left to do, or (random, PCT) runs. */
  readonly schedules: number;
  /** The deepest level reached. */
  readonly depth: number;
  readonly stoppedBy: StoppedBy;
  /** The chance that two distinct states shared a 64-bit fingerprint (so one was never explored): n² / 2⁶⁵. */
  readonly collisionProbability: number;
  readonly elapsedMs: number;
  readonly coverage: ExploreCoverage;
  /** The first break: for BFS a shortest one. */
  readonly counterexample?: Counterexample;
  /** Every fingerprint seen, when asked for (to merge the reports of several workers). */
  readonly fingerprints?: readonly string[];
}

export interface ExploreCoverage {
  /** Rule ids the rulebook asked at least once / that broke / never asked. */
  readonly rulesExercised: readonly string[];
  readonly rulesViolated: readonly string[];
  readonly rulesNeverReached: readonly string[];
  /** State changes seen, as machine transitions: `host offload: Offloading --NdisMInitiateOffloadComplete--> Offloaded`. */
  readonly transitions: readonly string[];
  /** Calls seen crossing a binding, by kind and direction: `IM1 → host event`. */
  readonly crossings: readonly string[];
}

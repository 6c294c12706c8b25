/** What a watching thread asks a worker to do (a check, or a part of an exploration), and what comes back. */
import type { MessagePort } from 'node:worker_threads';
import type { CheckResult } from '../engine/checkDriver.js';
import type { CheckOptions } from '../engine/CheckOptions.js';
import type { WrittenCounterexample } from '../engine/writeCounterexample.js';
import type { ExploreOptions, ExploreReport } from '../explore/ExploreOptions.js';
import type { HeartbeatView } from './Heartbeat.js';

/** Your modules, by file (functions cannot cross threads). */
export interface DriverFiles {
  readonly driverFile?: string;
  readonly targetFile?: string;
}

/** A check as data: everything as for checkDriver, the modules by file. */
export interface CheckRequest extends DriverFiles, Omit<CheckOptions, 'intermediateDriver' | 'target' | 'invariants' | 'observer' | 'modules'> {
  /** Folder to write a counterexample to. */
  readonly out: string;
}

/** An exploration (or one shard of it) as data. */
export interface ExploreRequest extends DriverFiles, Omit<ExploreOptions, 'intermediateDriver' | 'target' | 'invariants' | 'modules' | 'onProgress'> {
  /** Folder to write a counterexample to; none: do not write it (the watcher writes the first one). */
  readonly out?: string;
  /** Send back every fingerprint seen, so the reports of several workers can be merged. */
  readonly fingerprints?: boolean;
}

export type WorkerJob = { readonly kind: 'check'; readonly request: CheckRequest } | { readonly kind: 'explore'; readonly request: ExploreRequest };

export interface WorkerInput {
  readonly job: WorkerJob;
  readonly heartbeat: HeartbeatView;
  readonly port: MessagePort;
}

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly runs?: number; readonly states?: number; readonly transitions?: number }
  | { readonly kind: 'checked'; readonly result: CheckResult; readonly written?: WrittenCounterexample }
  | { readonly kind: 'explored'; readonly report: ExploreReport; readonly written?: WrittenCounterexample }
  /** `usage`: a module or an option that cannot be used (exit 2); otherwise a bug of the checker. */
  | { readonly kind: 'error'; readonly usage: boolean; readonly message: string };

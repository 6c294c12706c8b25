/** What the thread watching a check sends to the worker that runs it, and what comes back. */
import type { CheckResult } from '../engine/checkDriver.js';
import type { CheckOptions } from '../engine/CheckOptions.js';
import type { WrittenCounterexample } from '../engine/writeCounterexample.js';
import type { MessagePort } from 'node:worker_threads';
import type { HeartbeatView } from './Heartbeat.js';

/** A check as data: modules by file (functions cannot cross threads), everything else as for checkDriver. */
export interface CheckRequest extends Omit<CheckOptions, 'intermediateDriver' | 'target' | 'invariants' | 'observer' | 'modules'> {
  readonly driverFile?: string;
  readonly targetFile?: string;
  /** Folder to write a counterexample to. */
  readonly out: string;
}

export interface WorkerInput {
  readonly request: CheckRequest;
  readonly heartbeat: HeartbeatView;
  readonly port: MessagePort;
}

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly runs: number }
  | { readonly kind: 'done'; readonly result: CheckResult; readonly written?: WrittenCounterexample }
  /** `usage`: a module or an option that cannot be used (exit 2); otherwise a bug of the checker. */
  | { readonly kind: 'error'; readonly usage: boolean; readonly message: string };

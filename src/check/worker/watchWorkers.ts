/**
 * Runs jobs in worker threads and watches them, synchronously: this thread sleeps on a counter every
 * worker bumps when it posts (Atomics.wait), takes their messages as they come (receiveMessageOnPort),
 * and when one of your handlers has not returned within `timeoutMs` it stops every worker and reports
 * which handler and after which steps. The checker never hangs and never crashes with your driver.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ActionStep } from '../../scenario/performStep.js';
import type { RunConfig } from '../engine/CheckOptions.js';
import { createHeartbeat, HeartbeatReader } from './Heartbeat.js';
import { WATCHED_HANDLERS } from './watchHandlers.js';
import type { WorkerInput, WorkerJob, WorkerMessage } from './WorkerJob.js';

/** What became of one worker's job. */
export type WorkerOutcome =
  | Extract<WorkerMessage, { kind: 'checked' | 'explored' | 'error' }>
  /** The worker stopped moving outside your handlers (it died: out of memory, or it never started). */
  | { readonly kind: 'stalled'; readonly ms: number }
  /** One of your handlers did not return: which, after how long, and the run that called it. */
  | { readonly kind: 'hung'; readonly handler: string; readonly ms: number; readonly config: RunConfig | undefined; readonly steps: ActionStep[] };

export interface WatchOptions {
  /** How long one handler may run (default 2,000 ms). */
  timeoutMs?: number;
  /** Progress from worker `worker`. */
  onProgress?(worker: number, progress: Extract<WorkerMessage, { kind: 'progress' }>): void;
}

/** A worker that has done nothing for this long (and at least 10 × the handler timeout) has died. */
const STALLED_MS = 60_000;

/** Runs each job in its own worker; the outcomes in job order, or the first hang (every worker then stopped). */
export function watchWorkers(jobs: readonly WorkerJob[], watch: WatchOptions = {}): WorkerOutcome[] {
  const timeoutMs = watch.timeoutMs ?? 2_000;
  const wake = new SharedArrayBuffer(4);
  const running = jobs.map((job) => {
    const view = createHeartbeat(WATCHED_HANDLERS, wake);
    const { port1, port2 } = new MessageChannel();
    const input: WorkerInput = { job, heartbeat: view, port: port2 };
    const workerData = { ...input, entry: workerUrl().href, tsx: runningFromSources() ? import.meta.resolve('tsx/esm/api') : null };
    const worker = new Worker(BOOT, { eval: true, workerData, transferList: [port2], stderr: false });
    return { worker, port: port1 as MessagePort, beat: new HeartbeatReader(view), outcome: undefined as WorkerOutcome | undefined };
  });
  let seen = 0;
  try {
    while (running.some((r) => r.outcome === undefined)) {
      seen = HeartbeatReader.wait(wake, seen, Math.min(100, timeoutMs));
      for (const [w, r] of running.entries()) {
        if (r.outcome) continue;
        for (let m = receiveMessageOnPort(r.port); m && !r.outcome; m = receiveMessageOnPort(r.port)) {
          const message = m.message as WorkerMessage;
          if (message.kind === 'progress') watch.onProgress?.(w, message);
          else r.outcome = message;
        }
        if (r.outcome) continue;
        const quiet = r.beat.quietMs();
        if (quiet > Math.max(STALLED_MS, 10 * timeoutMs)) return [{ kind: 'stalled', ms: quiet }];
        const handler = r.beat.running();
        if (handler && handler.ms > timeoutMs) {
          const [shape, ...steps] = r.beat.runLines();
          return [{
            kind: 'hung', handler: handler.handler, ms: timeoutMs,
            config: shape === undefined ? undefined : (JSON.parse(shape) as RunConfig), steps: steps.map((s) => JSON.parse(s) as ActionStep),
          }];
        }
      }
    }
    return running.map((r) => r.outcome!);
  } finally {
    for (const r of running) {
      void r.worker.terminate();
      r.port.close();
    }
  }
}

/**
 * The worker starts here: it registers tsx when running from the TypeScript sources, then imports the
 * worker module; if that fails, it says so through the port (the watcher would otherwise wait for a
 * worker that is gone).
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  try {
    if (workerData.tsx) (await import(workerData.tsx)).register();
    await import(workerData.entry);
  } catch (e) {
    workerData.port.postMessage({ kind: 'error', usage: false, message: 'the checking worker did not start: ' + (e && e.stack || e) });
    const wake = new Int32Array(workerData.heartbeat.wake);
    Atomics.add(wake, 0, 1);
    Atomics.notify(wake, 0);
  }
})();
`;

function runningFromSources(): boolean {
  return import.meta.url.endsWith('.ts');
}

/** The worker's module: compiled JavaScript beside this file, or TypeScript when running from the sources. */
function workerUrl(): URL {
  return new URL(runningFromSources() ? './jobWorker.ts' : './jobWorker.js', import.meta.url);
}

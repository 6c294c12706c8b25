/**
 * Runs a check in a worker thread and watches it, synchronously: this thread sleeps on the heartbeat
 * (Atomics.wait), takes the worker's messages as they come (receiveMessageOnPort), and when one of your
 * handlers has not returned within `timeoutMs` it stops the worker and reports which handler and after
 * which steps. The checker never hangs and never crashes with your driver.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { RunConfig } from '../engine/CheckOptions.js';
import type { ActionStep } from '../../scenario/performStep.js';
import type { CheckRequest, WorkerInput, WorkerMessage } from './CheckRequest.js';
import { createHeartbeat, HeartbeatReader } from './Heartbeat.js';
import { WATCHED_HANDLERS } from './watchHandlers.js';

export type CheckOutcome =
  | Extract<WorkerMessage, { kind: 'done' | 'error' }>
  /** The worker stopped moving outside your handlers (it died: out of memory, or it never started). */
  | { readonly kind: 'stalled'; readonly ms: number }
  /** One of your handlers did not return: which, after how long, and the run that called it. */
  | { readonly kind: 'hung'; readonly handler: string; readonly ms: number; readonly config: RunConfig | undefined; readonly steps: ActionStep[] };

export interface WatchOptions {
  /** How long one handler may run (default 2,000 ms). */
  timeoutMs?: number;
  onProgress?(runs: number): void;
}

/** A worker that has done nothing for this long (and at least 10 × the handler timeout) has died. */
const STALLED_MS = 60_000;

export function checkInWorker(request: CheckRequest, watch: WatchOptions = {}): CheckOutcome {
  const timeoutMs = watch.timeoutMs ?? 2_000;
  const view = createHeartbeat(WATCHED_HANDLERS);
  const beat = new HeartbeatReader(view);
  const { port1, port2 } = new MessageChannel();
  const input: WorkerInput = { request, heartbeat: view, port: port2 };
  const worker = new Worker(BOOT, { eval: true, workerData: { ...input, entry: workerUrl().href, tsx: runningFromSources() ? import.meta.resolve('tsx/esm/api') : null }, transferList: [port2], stderr: false });
  let seen = 0;
  try {
    for (;;) {
      seen = beat.wait(seen, Math.min(100, timeoutMs));
      for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
        const message = m.message as WorkerMessage;
        if (message.kind === 'progress') watch.onProgress?.(message.runs);
        else return message;
      }
      const quiet = beat.quietMs();
      if (quiet > Math.max(STALLED_MS, 10 * timeoutMs)) return { kind: 'stalled', ms: quiet };
      const running = beat.running();
      if (running && running.ms > timeoutMs) {
        const [shape, ...steps] = beat.runLines();
        return {
          kind: 'hung', handler: running.handler, ms: timeoutMs,
          config: shape === undefined ? undefined : (JSON.parse(shape) as RunConfig), steps: steps.map((s) => JSON.parse(s) as ActionStep),
        };
      }
    }
  } finally {
    void worker.terminate();
    port1.close();
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
    const slots = new Int32Array(workerData.heartbeat.buffer, 0, 1);
    Atomics.add(slots, 0, 1);
    Atomics.notify(slots, 0);
  }
})();
`;

function runningFromSources(): boolean {
  return import.meta.url.endsWith('.ts');
}

/** The worker's module: compiled JavaScript beside this file, or TypeScript when running from the sources. */
function workerUrl(): URL {
  return new URL(runningFromSources() ? './checkWorker.ts' : './checkWorker.js', import.meta.url);
}

/**
 * What a worker running a check or an exploration shares with the thread watching it: which handler of
 * your driver is running and
 * since when, and the current run as text (its shape, then each step as it starts), so a handler that
 * never returns can still be reported with the steps that led to it; and, shared by all the workers of one
 * watcher, a counter the watcher sleeps on, bumped with every message.
 */

/** Int32 slots. */
const HANDLER = 1; // 1 + index into handlerNames, or 0 when none of your handlers is running
const SINCE = 2; // ms after `base` the handler was entered
const RUN_BYTES = 3; // bytes of run text written
const ACTIVITY = 4; // ms after `base` of the last step or handler started (a worker that stops moving has died)
const HEADER_BYTES = 32;
/** Room for the current run's text; a run longer than this is cut (only the watchdog's report needs it). */
const RUN_TEXT_BYTES = 1 << 20;

export interface HeartbeatView {
  readonly buffer: SharedArrayBuffer;
  /** One Int32 every worker of a watcher bumps when it posts: what the watcher sleeps on. */
  readonly wake: SharedArrayBuffer;
  /** Date.now() when the watcher started the worker. */
  readonly base: number;
  /** The handler names the HANDLER slot indexes. */
  readonly handlerNames: readonly string[];
}

export function createHeartbeat(handlerNames: readonly string[], wake: SharedArrayBuffer = new SharedArrayBuffer(4)): HeartbeatView {
  return { buffer: new SharedArrayBuffer(HEADER_BYTES + RUN_TEXT_BYTES), wake, base: Date.now(), handlerNames };
}

/** The worker's side. */
export class HeartbeatWriter {
  private readonly slots: Int32Array;
  private readonly text: Uint8Array;
  private readonly encoder = new TextEncoder();
  private readonly stack: number[] = [];

  constructor(private readonly view: HeartbeatView) {
    this.slots = new Int32Array(view.buffer, 0, HEADER_BYTES / 4);
    this.text = new Uint8Array(view.buffer, HEADER_BYTES);
  }

  /** A message was posted: wake the watcher. */
  posted(): void {
    Atomics.store(this.slots, ACTIVITY, Date.now() - this.view.base);
    const wake = new Int32Array(this.view.wake);
    Atomics.add(wake, 0, 1);
    Atomics.notify(wake, 0);
  }

  enter(handler: string): void {
    const index = this.view.handlerNames.indexOf(handler) + 1;
    this.stack.push(index);
    const now = Date.now() - this.view.base;
    Atomics.store(this.slots, SINCE, now);
    Atomics.store(this.slots, ACTIVITY, now);
    Atomics.store(this.slots, HANDLER, index);
  }

  exit(): void {
    this.stack.pop();
    Atomics.store(this.slots, HANDLER, this.stack.at(-1) ?? 0);
  }

  /** A new run starts: its shape replaces the text. */
  runStarted(line: string): void {
    Atomics.store(this.slots, RUN_BYTES, 0);
    this.append(line);
  }

  /** A step of the run starts. */
  stepStarted(line: string): void {
    Atomics.store(this.slots, ACTIVITY, Date.now() - this.view.base);
    this.append(line);
  }

  private append(line: string): void {
    const at = Atomics.load(this.slots, RUN_BYTES);
    const { written } = this.encoder.encodeInto(`${line}\n`, this.text.subarray(at));
    Atomics.store(this.slots, RUN_BYTES, at + (written ?? 0));
  }
}

/** The watcher's side. */
export class HeartbeatReader {
  private readonly slots: Int32Array;

  constructor(private readonly view: HeartbeatView) {
    this.slots = new Int32Array(view.buffer, 0, HEADER_BYTES / 4);
  }

  /** Waits until a worker sharing `wake` posts after `seen` messages, or `ms` pass; the number of messages now. */
  static wait(wake: SharedArrayBuffer, seen: number, ms: number): number {
    const slots = new Int32Array(wake);
    Atomics.wait(slots, 0, seen, ms);
    return Atomics.load(slots, 0);
  }

  /** Your handler running now and for how long, or undefined. */
  running(): { handler: string; ms: number } | undefined {
    const index = Atomics.load(this.slots, HANDLER);
    if (index === 0) return undefined;
    return { handler: this.view.handlerNames[index - 1] ?? 'a handler', ms: Date.now() - this.view.base - Atomics.load(this.slots, SINCE) };
  }

  /** How long since the worker last started a step or a handler, or posted. */
  quietMs(): number {
    return Date.now() - this.view.base - Atomics.load(this.slots, ACTIVITY);
  }

  /** The current run's lines: its shape, then the steps started. */
  runLines(): string[] {
    const length = Atomics.load(this.slots, RUN_BYTES);
    const bytes = new Uint8Array(this.view.buffer, HEADER_BYTES, length).slice();
    return new TextDecoder().decode(bytes).split('\n').filter(Boolean);
  }
}

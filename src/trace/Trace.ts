/**
 * The trace recorder. Recording can be switched off for scale runs; violations are always kept
 * (in `violations`) because they are verdicts, not narration. The recorder and what it kept are the
 * environment's; only the numbering is state.
 */
import type { TraceEvent, ViolationEvent } from './TraceEvent.js';

type WithoutStamp<E> = E extends TraceEvent ? Omit<E, 'seq' | 'time'> : never;

/** The trace's part of the simulation state: how many events were stamped (the next gets `seq + 1`). */
export interface TraceState {
  seq: number;
}

export class Trace {
  readonly events: TraceEvent[] = [];
  readonly violations: ViolationEvent[] = [];
  private readonly listeners: Array<(e: TraceEvent) => void> = [];

  constructor(
    /** When false, only violations are kept. */
    public enabled: boolean,
    private readonly now: () => number,
    /** The numbering, kept in the simulation state so that a restored simulation numbers on. */
    private readonly state: TraceState = { seq: 0 },
  ) {}

  /** Stamps and records an event. Returns it (or undefined when recording is off). */
  record(event: WithoutStamp<TraceEvent>): TraceEvent | undefined {
    const isViolation = event.kind === 'violation';
    if (!this.enabled && !isViolation && this.listeners.length === 0) return undefined;
    // The caller hands over a fresh object: stamp it in place rather than copying it.
    const stamped = event as TraceEvent;
    stamped.seq = ++this.state.seq;
    stamped.time = this.now();
    if (this.enabled) this.events.push(stamped);
    if (stamped.kind === 'violation') this.violations.push(stamped);
    for (const l of this.listeners) l(stamped);
    return stamped;
  }

  /** True when anything would be kept or seen: callers skip building costly arguments otherwise. */
  get wanted(): boolean {
    return this.enabled || this.listeners.length > 0;
  }

  /** Calls `listener` for every event from now on (narration while running). Returns an unsubscribe. */
  subscribe(listener: (e: TraceEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
}

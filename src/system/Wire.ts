/**
 * The wire between this machine (its NIC) and the remote peer. Every segment is a pending item in the
 * scheduler, so its timing against completions and indications can be scripted and explored; the wire
 * keeps the order of the segments one sender sends on one connection, and loses none.
 */
import type { FourTuple } from '../layers/offloadTarget/TargetObject.js';
import { fourTupleText } from '../layers/offloadTarget/TargetObject.js';
import type { Scheduler } from '../scheduler/Scheduler.js';
import type { Trace } from '../trace/Trace.js';
import { segmentText, type Segment } from '../wire/Segment.js';

/** Who put a segment on the wire: this machine's host stack or offload target, or the peer. */
export type WireEnd = 'host' | 'target' | 'peer';

export class Wire {
  private toLocal: (s: Segment) => void = () => {};
  private toPeer: (s: Segment) => void = () => {};

  constructor(
    private readonly trace: Trace,
    private readonly scheduler: Scheduler,
    /** The connection's name for traces (`tcp c1`). */
    private readonly labelOf: (t: FourTuple) => string,
  ) {}

  /** Where segments arrive: this machine's NIC (the offload target), and the peer. */
  attach(toLocal: (s: Segment) => void, toPeer: (s: Segment) => void): void {
    this.toLocal = toLocal;
    this.toPeer = toPeer;
  }

  /** Puts a segment on the wire; it arrives when the scheduler delivers it. */
  transmit(from: WireEnd, segment: Segment): void {
    const to = from === 'peer' ? 'NIC' : 'peer';
    const object = this.labelOf(segment.connection);
    const item = this.scheduler.add({
      fn: 'segment',
      kind: 'segment',
      caller: from,
      objects: [object],
      handles: new Set([fourTupleText(segment.connection)]),
      isTerminate: false,
      // Only a listing of the pending items reads the label: it is not built for every segment.
      get label() {
        return `segment ${from} ⇢ ${to}: ${segmentText(segment)} (${object})`;
      },
      carries: segment,
      deliver: () => {
        if (this.trace.wanted) this.trace.record({ kind: 'segment', from, to, object, segment: segmentText(segment), item: item.id });
        (to === 'NIC' ? this.toLocal : this.toPeer)(segment);
      },
    });
  }
}

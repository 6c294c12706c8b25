/**
 * The wire between this machine (its NIC) and the remote peer. Every segment is a pending item in the
 * scheduler, so its timing against completions and indications can be scripted and explored; the wire
 * keeps the order of the segments one sender sends on one connection, and loses none.
 */
import type { PendingItem, WireEnd } from '../scheduler/PendingItem.js';
import type { Scheduler } from '../scheduler/Scheduler.js';
import type { Trace } from '../trace/Trace.js';
import { fourTupleOf, fourTupleText, type FourTuple } from '../wire/FourTuple.js';
import { segmentText, type Segment } from '../wire/Segment.js';

export class Wire {
  constructor(
    private readonly trace: Trace,
    private readonly scheduler: Scheduler,
    /** The connection's name for traces (`tcp c1`). */
    private readonly labelOf: (t: FourTuple) => string,
    /** Where segments arrive: this machine's NIC (the offload target), and the peer. */
    private readonly toLocal: (s: Segment) => void,
    private readonly toPeer: (s: Segment) => void,
  ) {}

  /** Puts a segment on the wire (a copy of it: the sender keeps nothing of it); it arrives when the scheduler delivers it. */
  transmit(from: WireEnd, segment: Segment): void {
    const copy: Segment = { ...segment, connection: fourTupleOf(segment.connection) };
    this.scheduler.add({
      fn: 'segment', kind: 'segment', caller: from, layer: -1, objects: [this.labelOf(copy.connection)],
      handles: [fourTupleText(copy.connection)], isTerminate: false, call: { fn: 'segment', from, segment: copy },
    });
  }

  /** The segment of a pending item arrives. */
  deliver(item: PendingItem): void {
    const call = item.call;
    if (call.fn !== 'segment') return;
    const to = call.from === 'peer' ? 'NIC' : 'peer';
    if (this.trace.wanted) this.trace.record({ kind: 'segment', from: call.from, to, object: item.objects[0]!, segment: segmentText(call.segment), item: item.id });
    (to === 'NIC' ? this.toLocal : this.toPeer)(call.segment);
  }
}

/** `segment host ⇢ peer: seq 0 len 100 ack 0 (tcp c1)`: how a pending segment is listed. */
export function segmentLabel(item: PendingItem): string {
  const call = item.call;
  if (call.fn !== 'segment') return item.fn;
  return `segment ${call.from} ⇢ ${call.from === 'peer' ? 'NIC' : 'peer'}: ${segmentText(call.segment)} (${item.objects[0]})`;
}

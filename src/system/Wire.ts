/**
 * The wire between this machine (its NIC) and the remote peer. Every segment is a pending item in the
 * scheduler, so its timing against completions and indications can be scripted and explored; the wire
 * keeps the order of the segments one sender sends on one connection. By default it loses nothing; a
 * misbehaving wire (WireLoss: scripted or seeded random) drops, duplicates and reorders segments as they
 * arrive, and says so in the trace, naming who asked for it.
 */
import type { PendingItem, PendingSegment, WireEnd } from '../scheduler/PendingItem.js';
import type { Scheduler } from '../scheduler/Scheduler.js';
import type { Trace } from '../trace/Trace.js';
import { fourTupleOf, fourTupleText, type FourTuple } from '../wire/FourTuple.js';
import { segmentText, type Segment } from '../wire/Segment.js';
import { faultFor, type WireLossState } from '../wire/WireLoss.js';

export class Wire {
  constructor(
    private readonly trace: Trace,
    private readonly scheduler: Scheduler,
    /** The connection's name for traces (`tcp c1`). */
    private readonly labelOf: (t: FourTuple) => string,
    /** Where segments arrive: this machine's NIC (the offload target), and the peer. */
    private readonly toLocal: (s: Segment) => void,
    private readonly toPeer: (s: Segment) => void,
    /** The wire's misbehaviour (state); undefined for a wire that loses nothing. */
    private readonly loss?: WireLossState,
  ) {}

  /** Puts a segment on the wire (a copy of it: the sender keeps nothing of it); it arrives when the scheduler delivers it. */
  transmit(from: WireEnd, segment: Segment): void {
    const copy: Segment = { ...segment, connection: fourTupleOf(segment.connection) };
    this.scheduler.add({
      fn: 'segment', kind: 'segment', caller: from, layer: -1, objects: [this.labelOf(copy.connection)],
      handles: [fourTupleText(copy.connection)], isTerminate: false, call: { fn: 'segment', from, segment: copy },
    });
  }

  /** The segment of a pending item arrives (unless the wire drops it, or holds it back behind later ones). */
  deliver(item: PendingItem): void {
    const call = item.call;
    if (call.fn !== 'segment') return;
    const loss = this.loss;
    if (loss && (loss.rates !== null || loss.scripted.length > 0)) {
      const decided = faultFor(loss, call.from, call.segment, () => this.scheduler.random());
      if (decided && this.misbehave(item as PendingSegment, decided.fault, decided.by)) return;
    }
    const to = call.from === 'peer' ? 'NIC' : 'peer';
    if (this.trace.wanted) this.trace.record({ kind: 'segment', from: call.from, to, object: item.objects[0]!, segment: segmentText(call.segment), item: item.id });
    (to === 'NIC' ? this.toLocal : this.toPeer)(call.segment);
  }

  /** The wire drops, duplicates or reorders a segment; true when it does not arrive now. */
  private misbehave(item: PendingSegment, fault: 'drop' | 'duplicate' | 'reorder', by: string): boolean {
    const { from, segment } = item.call;
    const what = `${from} ⇢ ${from === 'peer' ? 'NIC' : 'peer'} ${segmentText(segment)} (pending #${item.id})`;
    const record = (text: string) => {
      if (this.trace.wanted) this.trace.record({ kind: 'decision', layer: 'peer', text: `the wire ${text}, as ${by} asked`, object: item.objects[0]! });
    };
    switch (fault) {
      case 'drop':
        record(`loses segment ${what}`);
        return true;
      case 'duplicate':
        record(`duplicates segment ${what}: a copy arrives later`);
        this.transmit(from, segment);
        return false;
      case 'reorder':
        record(`holds back segment ${what}: it arrives after the segments sent after it`);
        this.transmit(from, segment);
        return true;
    }
  }
}

/** `segment host ⇢ peer: seq 0 len 100 ack 0 (tcp c1)`: how a pending segment is listed. */
export function segmentLabel(item: PendingItem): string {
  const call = item.call;
  if (call.fn !== 'segment') return item.fn;
  return `segment ${call.from} ⇢ ${call.from === 'peer' ? 'NIC' : 'peer'}: ${segmentText(call.segment)} (${item.objects[0]})`;
}

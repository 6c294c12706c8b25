/** Trace events as the report shows them: each with its sequence number, kind and narration lines (the narration's left gutter dropped). */
import { NARRATION_GUTTER, narrate } from '../render/narrate.js';
import type { TraceEvent } from '../trace/TraceEvent.js';
import type { ReportEvent } from './ReportData.js';

export function reportEvents(events: readonly TraceEvent[]): ReportEvent[] {
  const lines = (e: TraceEvent) => narrate(e).filter((l) => l.trim() !== '').map((l) => (l.startsWith(NARRATION_GUTTER) ? l.slice(NARRATION_GUTTER.length) : l));
  return events.map((e) => ({ seq: e.seq, kind: e.kind, lines: lines(e) }));
}

/**
 * The sequence diagram of a run for the report, in numbered parts of Mermaid text. INTERIM: the
 * project's sequence diagram (issue 12, `chimney diagram --sequence`) replaces this plain drawing: one
 * lifeline per layer and the peer, an arrow per NDIS call, a note per state change.
 */
import type { TraceEvent } from '../trace/TraceEvent.js';

/** Most arrows and notes in one part. */
const PER_PART = 120;

export function sequenceParts(events: readonly TraceEvent[], layers: readonly string[]): string[] {
  const lines: string[] = [];
  for (const e of events) {
    if (e.kind === 'call') lines.push(`${id(e.caller)}->>${id(e.callee)}: ${text(e.fn)}`);
    else if (e.kind === 'segment') lines.push(`${id(e.from)}-->>${id(e.to)}: ${text(`segment ${e.segment}`)}`);
    else if (e.kind === 'stateChange') lines.push(`Note over ${id(e.layer)}: ${text(`${e.object} ${e.from} → ${e.to}`)}`);
    else if (e.kind === 'violation') lines.push(`Note over ${id(e.layer)}: ${text(`✗ ${e.rule}`)}`);
  }
  const head = ['sequenceDiagram', ...[...layers, 'peer'].map((l) => `participant ${id(l)} as ${text(l)}`)];
  const parts: string[] = [];
  for (let i = 0; i === 0 || i < lines.length; i += PER_PART) parts.push([...head, ...lines.slice(i, i + PER_PART)].join('\n'));
  return parts;
}

/** A participant id Mermaid accepts. */
function id(name: string): string {
  return `L_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** Message text without what Mermaid reads as syntax (`;`, `#`, line breaks). */
function text(s: string): string {
  return s.replace(/[;#\r\n]/g, ' ');
}

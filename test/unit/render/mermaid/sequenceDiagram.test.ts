/**
 * sequenceDiagram: the structure of the Mermaid text drawn from a trace — lifelines in binding order,
 * the real NDIS names on the arrows, dashed completions and returns, notes, `alt` where the scheduler
 * chose among pending items, red `rect` for violations, `loop ×N` folding, and parts under the limits.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, sequenceDiagram, type TraceEvent } from '../../../../src/index.js';

/** The trace of a scenario file of the project. */
function traceOf(file: string): TraceEvent[] {
  return [...runScenario(parseScenario(readFileSync(file, 'utf8'), file)).sim.trace.events];
}

/** The participant ids of a diagram part, in order. */
function participants(text: string): string[] {
  return [...text.matchAll(/^ {2}participant (\S+)/gm)].map((m) => m[1]!);
}

/** Every block line of a part balanced by an `end`? */
function blocksBalanced(text: string): boolean {
  let depth = 0;
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (/^(alt|loop|rect|par|critical|opt) /.test(line)) depth++;
    if (line === 'end') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

const TOUR = 'scenarios/tour/offload-retrieve-upload-disconnect.yaml';

describe('sequenceDiagram', () => {
  it('draws one lifeline per layer in binding order: host, each IM, the target, the remote peer', () => {
    const [two] = sequenceDiagram(traceOf('scenarios/intermediate-drivers/three-intermediate-drivers.yaml'));
    expect(participants(two!)).toEqual(['host', 'IM1', 'IM2', 'IM3', 'target', 'peer']);
    expect(two).toContain('participant peer as remote peer');
  });

  it('puts the caller’s NDIS function and the callee’s handler on each arrow, completions dashed', () => {
    const [text] = sequenceDiagram(traceOf(TOUR));
    expect(text).toMatch(/^ {2}host->>IM1: NdisInitiateOffload ⇒ MiniportInitiateOffload<br\/>OffloadBlockList: Neighbor 10\.0\.0\.2 \[new\]/m);
    expect(text).toMatch(/^ {2}target-->>IM1: NdisMInitiateOffloadComplete ⇒ ProtocolInitiateOffloadComplete \(pending #35;1\)/m);
    expect(text).toMatch(/^ {2}IM1->>host: NdisTcpOffloadEventHandler ⇒ ProtocolTcpOffloadEvent<br\/>NdisOffloadHandle: host#35;3, EventType: TcpIndicateRetrieve \(3\), EventSpecificInformation: LowActivity \(1\)/m);
    expect(text).toMatch(/^ {2}Note over host: neighbor 10\.0\.0\.2, path 10\.0\.0\.2, tcp c1: offload InHost → Offloading$/m);
    expect(text).toMatch(/^ {2}Note over host,peer: ▶ host decides to offload tcp c1$/m);
  });

  it('draws a return as a dashed arrow back to the caller, and a segment as an open arrow', () => {
    const [text] = sequenceDiagram(traceOf('scenarios/data/send-offloaded-completes-on-ack.yaml'));
    expect(text).toMatch(/^ {2}IM1-->>host: NdisOffloadTcpSend returns NDIS_STATUS_PENDING$/m);
    expect(text).toMatch(/^ {2}target-\)peer: segment seq 0 len \d+ ack 0/m);
    expect(text).toMatch(/^ {2}peer-\)target: segment /m);
  });

  it('wraps a delivery chosen among several pending items in an alt block naming them', () => {
    const events = traceOf('scenarios/races/tour-with-seeded-races.yaml');
    const [text] = sequenceDiagram(events);
    const alts = [...text!.matchAll(/^ {2}alt delivered #35;(\d+) \(pending: ([^)]*)\)$/gm)];
    expect(alts.length).toBeGreaterThan(0);
    for (const [, chosen, list] of alts) {
      const listed = list!.split(', ').map((s) => Number(s.replace('#35;', '')));
      expect(listed.length).toBeGreaterThanOrEqual(2);
      expect(listed).toContain(Number(chosen));
    }
    expect(blocksBalanced(text!)).toBe(true);
  });

  it('highlights a rule violation in a red rect with a note naming the rule, around the call that broke it', () => {
    const [text] = sequenceDiagram(traceOf('scenarios/faults/im-relays-with-own-handle.yaml'));
    const block = /^ {2}rect rgb\(255, 228, 225\)\n {4}(.*)\n {4}Note over (\S+): ✗ RULE ([a-z-]+): /m.exec(text!);
    expect(block).not.toBeNull();
    expect(block![1]).toMatch(/ProtocolTcpOffloadEvent/);
    expect(block![3]).toBe('indication-on-known-connection');
  });
});

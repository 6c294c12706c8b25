/**
 * sequenceDiagram: the structure of the Mermaid text drawn from a trace — lifelines in binding order,
 * the real NDIS names on the arrows, dashed completions and returns, notes, `alt` where the scheduler
 * chose among pending items, red `rect` for violations, `loop ×N` folding, and parts under the limits.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mermaidText, parseScenario, runScenario, sequenceDiagram, type TraceEvent } from '../../../../src/index.js';

/** The trace of a scenario file of the project (or of `text`). */
function traceOf(file: string, text = readFileSync(file, 'utf8')): TraceEvent[] {
  return [...runScenario(parseScenario(text, file)).sim.trace.events];
}

/** A scenario of one connection whose steps are `steps` (YAML lines) repeated `times` times. */
function repeated(times: number, steps: readonly string[]): string {
  return [
    'description: the same steps again and again',
    'connections:',
    '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 4242 }',
    'steps:',
    ...Array.from({ length: times }, () => steps).flat(),
  ].join('\n');
}

/** `count` connections offloaded one after another: long, and nothing repeats exactly. */
function manyConnections(count: number): string {
  const ids = Array.from({ length: count }, (_, i) => `c${i + 1}`);
  return [
    'description: many connections',
    'connections:',
    ...ids.map((id, i) => `  - { id: ${id}, local: 10.0.0.1:${40000 + i}, remote: 10.0.0.2:443, pid: 4242 }`),
    'steps:',
    ...ids.flatMap((id) => [`  - offload: ${id}`, '  - deliver: all']),
  ].join('\n');
}

/** The body lines of a part: after `sequenceDiagram`, the title and the participants. */
function body(part: string): string[] {
  return part.split('\n').filter((l) => !/^(sequenceDiagram|  title |  participant )/.test(l));
}

/** Arrows and notes of a part. */
function statements(part: string): string[] {
  return body(part).filter((l) => /^\s*(Note |\S+(->>|-->>|-\)))/.test(l));
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

  it('highlights a rule violation in a red rect with a note naming the rule, with the call it judged', () => {
    // The rulebook judges IM1's indication to the host before NDIS records the call: the note comes first.
    const [text] = sequenceDiagram(traceOf('scenarios/faults/im-relays-with-own-handle.yaml'));
    const block = /^ {2}rect rgb\(255, 228, 225\)\n {4}Note over IM1: ✗ RULE ([a-z-]+): .*\n {4}(.*)\n {2}end$/m.exec(text!);
    expect(block).not.toBeNull();
    expect(block![1]).toBe('indication-on-known-connection');
    expect(block![2]).toMatch(/^IM1->>host: NdisTcpOffloadEventHandler ⇒ ProtocolTcpOffloadEvent<br\/>NdisOffloadHandle: IM1#35;6/);
    expect(blocksBalanced(text!)).toBe(true);
  });

  it('draws a violation no call of its layer follows as a red rect with the note alone', () => {
    const [text] = sequenceDiagram(traceOf('scenarios/faults/host-ignores-mandatory-retrieve.yaml'));
    expect(text).toMatch(/^ {2}rect rgb\(255, 228, 225\)\n {4}Note over host: ✗ RULE mandatory-retrieve-answered-by-upload: .*<br\/>source: NdisTcpOffloadEventHandler\n {2}end$/m);
  });

  it('folds a step pattern repeated back to back into loop ×N, and draws every step with fold: false', () => {
    const events = traceOf('<repeated>', repeated(5, ['  - offload: c1', '  - deliver: all', '  - upload: c1', '  - deliver: all']));
    const [folded] = sequenceDiagram(events);
    const loops = [...folded!.matchAll(/^ {2}loop ×(\d+): the same (\d+) steps each time/gm)];
    expect(loops.map((m) => [m[1], m[2]])).toEqual([['5', '4']]);
    expect(folded!.match(/NdisInitiateOffload ⇒ MiniportInitiateOffload/g)).toHaveLength(2);
    expect(blocksBalanced(folded!)).toBe(true);
    const [unfolded] = sequenceDiagram(events, { fold: false });
    expect(unfolded).not.toMatch(/^\s*loop /m);
    expect(unfolded!.match(/NdisInitiateOffload ⇒ MiniportInitiateOffload/g)).toHaveLength(10);
  });

  it('does not fold steps that differ in more than numbers (another connection)', () => {
    const [text] = sequenceDiagram(traceOf('<many>', manyConnections(4)));
    expect(text).not.toMatch(/^\s*loop /m);
    for (const id of ['c1', 'c2', 'c3', 'c4']) expect(text).toContain(`▶ host decides to offload tcp ${id}`);
  });

  it('splits a long run into whole diagrams under maxTextSize, losing and repeating nothing', () => {
    const events = traceOf('<many>', manyConnections(12));
    const [whole] = sequenceDiagram(events, { title: 'many' });
    const parts = sequenceDiagram(events, { title: 'many', maxTextSize: 4_000 });
    expect(parts.length).toBeGreaterThan(2);
    parts.forEach((part, i) => {
      expect(part.length).toBeLessThan(4_000);
      expect(part.split('\n').slice(0, 2)).toEqual(['sequenceDiagram', `  title many (part ${i + 1} of ${parts.length})`]);
      expect(participants(part)).toEqual(['host', 'IM1', 'target', 'peer']);
      expect(blocksBalanced(part)).toBe(true);
    });
    expect(parts.flatMap(statements)).toEqual(statements(whole!));
  });

  it('keeps each part under maxEdges arrows and notes', () => {
    const parts = sequenceDiagram(traceOf('<many>', manyConnections(6)), { maxEdges: 20 });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(statements(part).length).toBeLessThan(20);
  });

  it('closes a block cut by a split and opens it again, marked (continued)', () => {
    // Item #2 is delivered while #1 waits, and the host then decides a great deal: one step too big for a part.
    const events: TraceEvent[] = [
      { kind: 'pend', seq: 1, time: 0, item: 1, fn: 'NdisMInitiateOffloadComplete', caller: 'target', objects: ['tcp c1'], args: {} },
      { kind: 'pend', seq: 2, time: 0, item: 2, fn: 'NdisTcpOffloadEventHandler', caller: 'target', objects: ['tcp c1'], args: {} },
      {
        kind: 'call', seq: 3, time: 50, item: 2, fn: 'NdisTcpOffloadEventHandler', handler: 'ProtocolTcpOffloadEvent', caller: 'target', callee: 'host',
        objects: ['tcp c1'], args: { EventType: 3, EventSpecificInformation: 1 },
      },
      ...Array.from({ length: 40 }, (_, i): TraceEvent => ({ kind: 'decision', seq: 4 + i, time: 50, layer: 'host', text: `thought ${i} `.repeat(8) })),
    ];
    const parts = sequenceDiagram(events, { maxTextSize: 1_500 });
    expect(parts.length).toBeGreaterThan(2);
    const first = parts.findIndex((p) => /^ {2}alt delivered #35;2 \(pending: #35;1, #35;2\)$/m.test(p));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(parts.length - first).toBeGreaterThan(1);
    for (const part of parts.slice(first + 1)) expect(part).toMatch(/^ {2}alt delivered #35;2 \(pending: #35;1, #35;2\) \(continued\)$/m);
    for (const part of parts) {
      expect(part.length).toBeLessThan(1_500);
      expect(blocksBalanced(part)).toBe(true);
    }
    expect(parts.flatMap(statements).filter((l) => l.includes('decides: thought'))).toHaveLength(40);
  });

  it('escapes every text from the scenario: a title <script>…;#, commands and layers with ; # < >', () => {
    const hostile: TraceEvent[] = [
      { kind: 'command', seq: 1, time: 0, text: 'say ;#<b>hi</b> & "q" %%{init}%%' },
      { kind: 'decision', seq: 2, time: 0, layer: 'end', text: 'x\ny' },
      { kind: 'decision', seq: 3, time: 0, layer: '<img>', text: 'z' },
    ];
    const [text] = sequenceDiagram(hostile, { title: '<script>alert(1)</script>;#' });
    expect(text).toContain('  title #60;script#62;alert(1)#60;/script#62;#59;#35;');
    expect(text).toContain(': ▶ say #59;#35;#60;b#62;hi#60;/b#62; #38; #34;q#34; #37;#37;#123;init#125;#37;#37;');
    // A layer whose name is a keyword or not an identifier gets a plain id and its name as an escaped alias.
    expect(text).toMatch(/^ {2}participant (L\d+) as end\n(?:.*\n)* {2}Note over \1: decides: x y$/m);
    expect(text).toMatch(/^ {2}participant L\d+ as #60;img#62;$/m);
    expect(text).not.toMatch(/[<>"&{}]|%%/);
  });
});

describe('mermaidText', () => {
  it('writes syntax characters as entity codes, control characters and line breaks as spaces', () => {
    expect(mermaidText('a;b#c<d>e&f"g%h{i}j`k')).toBe('a#59;b#35;c#60;d#62;e#38;f#34;g#37;h#123;i#125;j#96;k');
    expect(mermaidText('one\ntwo\r\tthree\u001b[0m\u2028')).toBe('one two  three [0m ');
  });

  it('cuts a long text with … before escaping, so an entity is never cut in half', () => {
    expect(mermaidText('#'.repeat(10), 4)).toBe('#35;#35;#35;…');
    expect(mermaidText('x'.repeat(200))).toHaveLength(160);
  });
});

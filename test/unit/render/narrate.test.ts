/** Narration: every trace event kind reads as plain, aligned text a learner can follow. */
import { describe, expect, it } from 'vitest';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { colorize, shouldUseColor } from '../../../src/render/colorize.js';
import { formatTime, NARRATION_GUTTER, narrate, narrateAll } from '../../../src/render/narrate.js';
import type { BlockSnapshot, TraceEvent, TraceEventKind } from '../../../src/trace/TraceEvent.js';

const PENDING = NDIS_STATUS.NDIS_STATUS_PENDING;
const chain: BlockSnapshot[] = [
  { depth: 0, Type: OFFLOAD_STATE_TYPE.NeighborOffloadState, object: 'neighbor 10.0.0.254', role: 'new', handle: 'host#1', Status: PENDING },
  { depth: 1, Type: OFFLOAD_STATE_TYPE.Ip4OffloadState, object: 'path 10.0.0.2', role: 'new', handle: 'host#2', Status: PENDING },
  { depth: 2, Type: OFFLOAD_STATE_TYPE.TcpOffloadState, object: 'tcp 1', role: 'new', handle: 'host#3', Status: PENDING },
];

/** One event of every kind; `satisfies` makes a new kind a compile error here until it is added. */
const EXAMPLES = {
  call: {
    kind: 'call', seq: 12, time: 150, fn: 'NdisTcpOffloadEventHandler', handler: 'ProtocolTcpOffloadEvent',
    caller: 'target', callee: 'IM1', objects: ['tcp 1'], item: 7,
    args: { NdisOffloadHandle: 'IM1#3', EventType: 3, EventSpecificInformation: 1 },
  },
  return: { kind: 'return', seq: 6, time: 0, fn: 'NdisOffloadTcpSend', caller: 'host', callee: 'IM1', objects: ['tcp 1'], Status: 0x103 },
  segment: { kind: 'segment', seq: 7, time: 200, from: 'target', to: 'peer', object: 'tcp 1', segment: 'seq 0 len 100 ack 0', item: 4 },
  pend: { kind: 'pend', seq: 5, time: 0, item: 3, fn: 'NdisMInitiateOffloadComplete', caller: 'target', objects: ['tcp 1'], args: {} },
  stateChange: { kind: 'stateChange', seq: 9, time: 100, layer: 'host', object: 'tcp 1', region: 'offload', from: 'Offloading', to: 'Offloaded' },
  decision: { kind: 'decision', seq: 13, time: 150, layer: 'host', text: 'LowActivity is optional; uploading anyway' },
  command: { kind: 'command', seq: 1, time: 0, text: 'Offload tcp 1' },
  violation: {
    kind: 'violation', seq: 14, time: 150, rule: 'retrieve-reason-legal', summary: 'A retrieve carries a TCP_UPLOAD_REASON',
    source: 'NdisTcpOffloadEventHandler function', layer: 'target', objects: ['tcp 1'], detail: 'TcpIndicateRetrieve with reason 99',
  },
} satisfies { [K in TraceEventKind]: Extract<TraceEvent, { kind: K }> };

describe('narrate', () => {
  it.each(Object.values(EXAMPLES) as TraceEvent[])('narrates a $kind event as plain single lines', (e) => {
    const lines = narrate(e);
    expect(lines.some((l) => l.trim().length > 0)).toBe(true);
    for (const line of lines) {
      expect(line).not.toMatch(/[\n\r\u001b]/);
      expect(line).toBe(line.trimEnd());
    }
  });

  it('narrates a call with caller, callee, both NDIS names, the pending item and decoded args', () => {
    const [head, args, ...rest] = narrate(EXAMPLES.call);
    expect(head).toBe('  12   0.150ms  target → IM1   NdisTcpOffloadEventHandler  ⇒  ProtocolTcpOffloadEvent  (pending #7 delivered)');
    expect(args).toBe(`${NARRATION_GUTTER}  NdisOffloadHandle: IM1#3, EventType: TcpIndicateRetrieve (3), EventSpecificInformation: LowActivity (1)`);
    expect(rest).toEqual([]);
  });

  it('keeps the function column aligned whoever calls', () => {
    const a = narrate({ ...EXAMPLES.call, caller: 'host', callee: 'target', seq: 1, time: 0 })[0]!;
    const b = narrate({ ...EXAMPLES.call, caller: 'IM1', callee: 'IM2', seq: 123, time: 12_345 })[0]!;
    expect(a.indexOf('NdisTcp')).toBe(b.indexOf('NdisTcp'));
  });

  it('narrates a request with its block list as a one-line tree', () => {
    const lines = narrate({
      kind: 'call', seq: 3, time: 0, fn: 'NdisInitiateOffload', handler: 'MiniportInitiateOffload', caller: 'host', callee: 'IM1',
      objects: ['neighbor 10.0.0.254', 'path 10.0.0.2', 'tcp 1'], args: { NdisBindingHandle: 'host→IM1', OffloadBlockList: chain },
    });
    expect(lines[0]).toMatch(/^ {3}3 {3}0\.000ms {2}host → IM1 +NdisInitiateOffload {2}⇒ {2}MiniportInitiateOffload$/);
    expect(lines.slice(1).map((l) => l.trim())).toEqual([
      'NdisBindingHandle: host→IM1',
      'OffloadBlockList: Neighbor 10.0.0.254 [new] → Path 10.0.0.2 [new] → TCP tcp 1 [new]',
    ]);
  });

  it('prints a big block list one node per line', () => {
    const many: BlockSnapshot[] = [chain[0]!, chain[1]!];
    for (let i = 1; i <= 6; i++) many.push({ depth: 2, Type: OFFLOAD_STATE_TYPE.TcpOffloadState, object: `tcp ${i}`, Status: 0 });
    const lines = narrate({
      kind: 'call', seq: 4, time: 100, fn: 'NdisMTerminateOffloadComplete', handler: 'ProtocolTerminateOffloadComplete',
      caller: 'target', callee: 'host', objects: [], args: { OffloadBlockList: many },
    });
    expect(lines[1]!.trim()).toBe('OffloadBlockList:');
    expect(lines).toHaveLength(2 + many.length);
    expect(lines.at(-1)!.trim()).toBe('TCP tcp 6 = NDIS_STATUS_SUCCESS');
  });

  it('narrates a pend, a state change and a decision under the timeline', () => {
    expect(narrate(EXAMPLES.pend)).toEqual([`${NARRATION_GUTTER}target queues NdisMInitiateOffloadComplete as pending #3 (tcp 1)`]);
    expect(narrate(EXAMPLES.stateChange)).toEqual([`${NARRATION_GUTTER}host: tcp 1 Offloading → Offloaded (offload state)`]);
    // The region is named once, after the change: never `tcp c1 tcp ESTABLISHED`.
    expect(narrate({ ...EXAMPLES.stateChange, object: 'tcp c1', region: 'tcp', from: 'ESTABLISHED', to: 'CLOSE_WAIT' })).toEqual([
      `${NARRATION_GUTTER}host: tcp c1 ESTABLISHED → CLOSE_WAIT (TCP state)`,
    ]);
    expect(narrate(EXAMPLES.decision)).toEqual([`${NARRATION_GUTTER}host decides: LowActivity is optional; uploading anyway`]);
    expect(narrate({ ...EXAMPLES.decision, object: 'tcp 1' })[0]).toContain('host decides (tcp 1): ');
  });

  it('counts long object lists in a pend', () => {
    const line = narrate({ ...EXAMPLES.pend, objects: ['tcp 1', 'tcp 2', 'tcp 3', 'tcp 4', 'tcp 5'] })[0]!;
    expect(line).toMatch(/\(tcp 1, tcp 2, tcp 3 … 5 objects\)$/);
  });

  it('narrates a command as a heading after a blank line', () => {
    expect(narrate(EXAMPLES.command)).toEqual(['', '▶ Offload tcp 1']);
  });

  it('narrates a violation with the rule, what broke it and the source page', () => {
    expect(narrate(EXAMPLES.violation)).toEqual([
      '  ✗ RULE retrieve-reason-legal: A retrieve carries a TCP_UPLOAD_REASON',
      '    target (tcp 1): TcpIndicateRetrieve with reason 99',
      '    source: NdisTcpOffloadEventHandler function',
    ]);
  });

  it('narrateAll concatenates in order', () => {
    expect(narrateAll([EXAMPLES.command, EXAMPLES.stateChange])).toEqual([...narrate(EXAMPLES.command), ...narrate(EXAMPLES.stateChange)]);
  });

  it('formats virtual microseconds as milliseconds', () => {
    expect(formatTime(150)).toBe('0.150ms');
    expect(formatTime(12_345)).toBe('12.345ms');
  });
});

describe('colorize', () => {
  const strip = (s: string) => s.replace(/\u001b\[\d+m/g, '');

  it('adds styles without changing the text', () => {
    for (const e of Object.values(EXAMPLES) as TraceEvent[]) {
      for (const line of narrate(e)) expect(strip(colorize(line))).toBe(line);
    }
    expect(colorize(narrate(EXAMPLES.violation)[0]!)).toContain('\u001b[');
    expect(colorize(narrate(EXAMPLES.call)[0]!)).toContain('\u001b[');
    expect(colorize('')).toBe('');
  });

  it('is wanted only on a terminal without NO_COLOR', () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor({}, {})).toBe(false);
  });
});

/** The learner's narration of the real tour: every call explained beside it, handles and reasons named, nothing said twice. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOUR_SCENARIO } from '../../../src/demo/runDemoTour.js';
import { NDIS_ROUTES } from '../../../src/ndis/calls.js';
import { CALL_GUIDE } from '../../../src/render/callGuide.js';
import { narrate } from '../../../src/render/narrate.js';
import { EXPLANATION_MARK, Narrator, narrationLegend } from '../../../src/render/Narrator.js';
import { parseScenario } from '../../../src/scenario/parseScenario.js';
import { runScenario } from '../../../src/scenario/runScenario.js';
import type { CallEvent, TraceEvent } from '../../../src/trace/TraceEvent.js';
import { run } from '../cli/cliTestKit.js';

function tourEvents(): TraceEvent[] {
  return runScenario(parseScenario(readFileSync(TOUR_SCENARIO, 'utf8'), TOUR_SCENARIO)).sim.trace.events;
}

/** Each event with the lines the explaining narrator gave it. */
function explained(events: readonly TraceEvent[]): Array<{ e: TraceEvent; lines: string[] }> {
  const narrator = new Narrator(true);
  return events.map((e) => ({ e, lines: narrator.narrate(e) }));
}

const explanations = (lines: readonly string[]) => lines.filter((l) => l.startsWith(EXPLANATION_MARK)).map((l) => l.slice(EXPLANATION_MARK.length));

describe('Narrator', () => {
  const events = tourEvents();
  const told = explained(events);
  const all = told.flatMap((t) => t.lines);

  it('without explaining, says exactly what narrate says', () => {
    const plain = new Narrator(false);
    for (const e of events) expect(plain.narrate(e)).toEqual(narrate(e));
  });

  it('keeps every plain line and adds explanations right under each call line', () => {
    for (const { e, lines } of told) {
      expect(lines.filter((l) => !l.startsWith(EXPLANATION_MARK))).toEqual(narrate(e));
      if (e.kind === 'call') {
        expect(lines[0]).toBe(narrate(e)[0]);
        expect(lines[1]!.startsWith(EXPLANATION_MARK)).toBe(true);
      }
    }
  });

  it('names who called whom on a first hop, and a relay as a relay with the handle translated', () => {
    const calls = told.filter((t): t is { e: CallEvent; lines: string[] } => t.e.kind === 'call');
    const relays = calls.filter(({ e }, i) => i > 0 && calls[i - 1]!.e.fn === e.fn && calls[i - 1]!.e.callee === e.caller);
    expect(relays.length).toBeGreaterThan(0);
    for (const { e, lines } of calls) {
      const first = explanations(lines)[0]!;
      if (relays.some((r) => r.e === e)) {
        expect(first).toContain(`${e.caller} passes the same call`);
        expect(first).toContain(e.callee);
      } else {
        expect(first.startsWith(`${e.caller} `)).toBe(true);
        expect(first).toContain(e.callee);
      }
    }
    // An indication relayed up: the IM's handle becomes the host's, both read off the trace.
    const upRelay = relays.find(({ e }) => e.fn === 'NdisTcpOffloadEventHandler')!;
    const below = calls[calls.indexOf(upRelay) - 1]!.e;
    expect(explanations(upRelay.lines)[0]).toContain(`translating the handle ${String(below.args['NdisOffloadHandle'])} into ${String(upRelay.e.args['NdisOffloadHandle'])}`);
  });

  it('tells the upload reason and whether the host must obey it', () => {
    const text = all.join('\n');
    expect(text).toContain('reason LowActivity (1) is optional: the host may keep it offloaded');
    expect(text).toContain('TcpIndicateDisconnect, the peer sent a FIN');
  });

  it('says why a state changed when the cause is not the line just above', () => {
    const changes = told.filter((t, i) => t.e.kind === 'stateChange' && explanations(t.lines).some((l) => l.startsWith('why: ')) && i > 0);
    expect(changes.length).toBeGreaterThan(0);
    const disconnect = told.find((t) => t.e.kind === 'stateChange' && t.e.region === 'tcp')!;
    expect(explanations(disconnect.lines)).toContain('why: ProtocolTcpOffloadEvent came in from IM1 with TcpIndicateDisconnect (2)');
  });

  it('points to each page to read at most once, and every call function to one', () => {
    const pages = explanations(all).filter((l) => l.startsWith('read next: '));
    expect(pages.length).toBeGreaterThan(3);
    expect(new Set(pages).size).toBe(pages.length);
    for (const fn of Object.keys(NDIS_ROUTES) as (keyof typeof NDIS_ROUTES)[]) expect(CALL_GUIDE[fn].read).toMatch(/^reference §\d/);
  });

  it('repeats nothing: no explanation twice, no word doubled around an object name', () => {
    const said = explanations(all).filter((l) => !l.includes('passes the same call') && !l.startsWith('why: '));
    const counted = new Map<string, number>();
    for (const l of said) counted.set(l, (counted.get(l) ?? 0) + 1);
    // The tour offloads twice, so a first-hop call sentence may come again; meanings, handles and pages may not.
    for (const [line, n] of counted) if (!/^(host|IM\d|target) /.test(line)) expect({ line, n }).toEqual({ line, n: 1 });
    for (const l of all) expect(l).not.toMatch(/\b(tcp|offload|adapter) \S+ \1\b/);
  });

  it('explains the columns once', () => {
    const legend = narrationLegend();
    for (const column of ['seq', 'time', 'A → B', 'F  ⇒  H', '▶', '↳']) expect(legend.filter((l) => l.trimStart().startsWith(column))).toHaveLength(1);
  });
});

describe('chimney run --narrate', () => {
  it('explains the steps, with the legend once at the top', () => {
    const r = run(['run', '--narrate', TOUR_SCENARIO, TOUR_SCENARIO]);
    expect(r.code).toBe(0);
    expect(r.out.filter((l) => l === 'How to read this:')).toHaveLength(1);
    expect(r.out.findIndex((l) => l === 'How to read this:')).toBe(0);
    expect(r.out.some((l) => l.startsWith(EXPLANATION_MARK))).toBe(true);
  });

  it('without it, run narrates without explanations', () => {
    const r = run(['run', TOUR_SCENARIO]);
    expect(r.out.some((l) => l.startsWith(EXPLANATION_MARK))).toBe(false);
  });

  it.each(['--json', '--quiet'])('refuses --narrate with %s in one line', (flag) => {
    const r = run(['run', '--narrate', flag, TOUR_SCENARIO]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(`--narrate and ${flag} do not go together`);
  });
});

/**
 * The frames the report embeds, against the run: the host's states shown at each frame of the tour are
 * the golden trace's, a prediction's answer is what the frame then shows, and a fork starts from its
 * frame's state by delivering an item that frame lists as deliverable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordRun } from '../../../src/report/recordRun.js';
import { parseScenario } from '../../../src/scenario/index.js';
import type { TraceEvent } from '../../../src/trace/TraceEvent.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TOUR = 'scenarios/tour/offload-retrieve-upload-disconnect.yaml';
const RACES = 'scenarios/races/tour-with-seeded-races.yaml';
const record = (file: string) => recordRun(parseScenario(readFileSync(join(ROOT, file), 'utf8'), file), { whyNotFrames: 2 });

describe('report frames', () => {
  it("show, at every frame of the tour, the host's states the golden trace has reached", () => {
    const golden = readFileSync(join(ROOT, TOUR.replace('.yaml', '.trace.jsonl')), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceEvent);
    const run = record(TOUR);
    const reached: Record<string, string> = {};
    let seq = 0;
    for (const frame of run.frames) {
      seq = Math.max(seq, ...frame.events.map((e) => e.seq));
      for (const e of golden) if (e.seq <= seq && e.kind === 'stateChange' && e.layer === 'host') reached[`${e.object}|${e.region}`] = e.to;
      const shown = Object.fromEntries(frame.layers.filter((r) => r.layer === 'host').map((r) => [`${r.object}|${r.region}`, r.state]));
      expect(shown).toMatchObject(reached);
    }
    expect(reached['tcp c1|tcp']).toBe('CLOSE_WAIT');
  });

  it.each([TOUR, RACES])('%s: every prediction has its answer among 2 to 4 choices, and the frame then shows it', (file) => {
    const run = record(file);
    const asked = run.frames.filter((f) => f.prediction);
    expect(asked.length).toBeGreaterThan(run.frames.length / 2);
    for (const frame of asked) {
      const p = frame.prediction!;
      expect(new Set(p.choices).size).toBe(p.choices.length);
      expect(p.choices.length).toBeGreaterThanOrEqual(2);
      expect(p.choices.length).toBeLessThanOrEqual(4);
      const right = p.choices[p.answer]!;
      const state = /What is the host's (offload|TCP) state .* of (tcp \S+) afterwards\?$/.exec(p.question);
      if (state) {
        const region = state[1] === 'offload' ? 'offload' : 'tcp';
        expect(frame.layers.find((r) => r.layer === 'host' && r.object === state[2] && r.region === region)?.state).toBe(right);
      } else {
        expect(p.question).toMatch(/Which handler does NDIS call first, and in which layer\?$/);
        const [handler, , callee] = right.split(' ');
        expect(frame.events.find((e) => e.kind === 'call')?.lines[0]).toMatch(new RegExp(`→ ${callee} .*⇒  ${handler}`));
      }
    }
    expect(new Set(asked.map((f) => f.prediction!.answer)).size).toBeGreaterThan(1);
  });

  it('forks deliver an item their frame lists as deliverable, continuing its numbering', () => {
    const run = record(RACES);
    expect(run.forks.length).toBe(2);
    for (const [k, fork] of run.forks.entries()) {
      const from = run.frames[fork.from]!;
      expect(from.forks).toContain(k);
      expect(from.pending.find((p) => p.id === fork.item.id && p.waits === undefined)?.label).toBe(fork.item.label);
      expect(run.frames[fork.from + 1]!.title).not.toContain(`#${fork.item.id} `);
      expect(fork.frames[0]!.title).toBe(`deliver #${fork.item.id} ${fork.item.label} (instead)`);
      const last = Math.max(...run.frames.slice(0, fork.from + 1).flatMap((f) => f.events.map((e) => e.seq)));
      expect(fork.frames[0]!.events[0]!.seq).toBe(last + 1);
      expect(fork.truncated).toBe(false);
      expect(fork.frames.at(-1)!.pending).toEqual([]);
    }
  });
});

/** `chimney report`: writes one self-contained HTML page of a scenario, and refuses bad input in one line with exit code 2. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportData } from '../../../src/index.js';
import { run, SAMPLE_SCENARIO, tempFolder } from './cliTestKit.js';

const TOUR = fileURLToPath(SAMPLE_SCENARIO);

let tmp: ReturnType<typeof tempFolder>;
beforeEach(() => (tmp = tempFolder()));
afterEach(() => tmp.remove());

/** The JSON a report embeds. */
function embedded(html: string): ReportData {
  const text = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1];
  if (text === undefined) throw new Error('no embedded data');
  return JSON.parse(text) as ReportData;
}

describe('chimney report', () => {
  it('writes the page with -o, says what it wrote, and embeds the run frame by frame', () => {
    const out = join(tmp.dir, 'tour.html');
    const r = run(['report', TOUR, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 11 steps, 0 "what if" forks, \\d+\\.\\d MB$`));
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-[^"]+">/);
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link\s/i);
    const data = embedded(html);
    expect(data.frames.map((f) => f.title).slice(0, 3)).toEqual([
      '1 connection declared; nothing has happened yet',
      'host decides to offload tcp c1',
      'deliver #1 NdisMInitiateOffloadComplete(neighbor 10.0.0.2, path 10.0.0.2, tcp c1)',
    ]);
    expect(data.passed).toBe(true);
    expect(data.diagram.length).toBeGreaterThanOrEqual(1);
    expect(data.diagram[0]!.startsWith('sequenceDiagram')).toBe(true);
  });

  it('counts the forks of a raced scenario, and bounds them with --forks', () => {
    const races = fileURLToPath(new URL('../../../scenarios/races/tour-with-seeded-races.yaml', import.meta.url));
    const out = join(tmp.dir, 'races.html');
    expect(run(['report', races, '-o', out]).err[0]).toContain('15 steps, 2 "what if" forks');
    expect(run(['report', races, '-o', out, '--forks', '1']).err[0]).toContain('1 "what if" fork,');
    const data = embedded(readFileSync(out, 'utf8'));
    expect(data.notes).toEqual(['1 alternative delivery was not precomputed (at most 1 fork per report).']);
    expect(data.frames.filter((f) => f.forkNote !== undefined)).toHaveLength(1);
  });

  it('refuses bad input in one line, exit code 2', () => {
    expect(run(['report', join(tmp.dir, 'missing.yaml')])).toMatchObject({ code: 2, err: [expect.stringContaining('missing.yaml: no such file or folder')] });
    expect(run(['report', TOUR, '-o', join(tmp.dir, 'no', 'such', 'dir.html')])).toMatchObject({ code: 2, err: [expect.stringMatching(/cannot write .*dir\.html \(ENOENT\)$/)] });
    const bad = join(tmp.dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(TOUR, 'utf8').replace('  - offload: c1\n  - deliver: all\n', '  - offload: c1\n  - deliver: { call: NdisMTerminateOffloadComplete }\n'));
    const r = run(['report', bad, '-o', join(tmp.dir, 'bad.html')]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/bad\.yaml:\d+:\d+: no pending NdisMTerminateOffloadComplete can be delivered now/);
    expect(run(['report', TOUR, '--forks', '-1']).code).toBe(2);
  });
});

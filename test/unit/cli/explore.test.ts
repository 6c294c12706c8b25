/** `chimney explore`: the report, exit 0 / 1 / 2, the counterexample `chimney run` replays, workers and shards. */
import { afterAll, describe, expect, it } from 'vitest';
import { run, tempFolder } from './cliTestKit.js';

const tmp = tempFolder();
afterAll(() => tmp.remove());

const reportLine = (out: string[], start: string) => out.find((l) => l.startsWith(start));

describe('chimney explore', () => {
  it('reports an exhausted space and exits 0 when nothing breaks', () => {
    const r = run(['explore', '--actions', 'offload,upload', '--depth', '20']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('chimney explore: the reference drivers; bfs, 1 connection, 1 intermediate driver; depth ≤ 20, ≤ 200,000 states, ≤ 60 s; actions offload,upload');
    expect(r.out[1]).toMatch(/^explored \d+ states, \d+ transitions, \d+ schedules in [\d.]+ s \([\d,]+ transitions\/s\); deepest level \d+$/);
    expect(reportLine(r.out, 'stopped by:')).toBe('stopped by: nothing: every state was explored (the space is exhausted)');
    expect(reportLine(r.out, 'fingerprint collision:')).toMatch(/^fingerprint collision: probability \d\.\de-\d+ \(64-bit fingerprints, \d+ states\)$/);
    expect(reportLine(r.out, 'rules:')).toMatch(/^rules: \d+ of \d+ exercised, 0 violated; never reached: /);
    expect(r.out).toContain('  host offload: InHost --NdisInitiateOffload--> Offloading');
    expect(r.out.at(-1)).toBe('✓ no invariant broken');
  });

  it('finds a fault, writes a shortest counterexample, and `chimney run` replays it', () => {
    const out = `${tmp.dir}/cx`;
    const r = run(['explore', '--fault', 'im-leaks-call-entry', '--actions', 'offload,query,upload', '--out', out]);
    expect(r.code).toBe(1);
    expect(reportLine(r.out, 'stopped by:')).toBe('stopped by: a broken invariant');
    expect(reportLine(r.out, '✗ ')).toMatch(/^✗ no-leaks broken: /);
    expect(reportLine(r.out, '  found by bfs')).toMatch(/^ {2}found by bfs \(a shortest counterexample\), shrunk to 6 steps/);
    const replay = run(['run', `${out}/no-leaks.yaml`]);
    expect(replay.code).toBe(0);
    expect(replay.out).toContain('✓ expect invariant no-leaks: broken');
  });

  it('spreads the search over two workers and over shards, and counts each state once', () => {
    const one = run(['explore', '--depth', '3']);
    const two = run(['explore', '--depth', '3', '--workers', '2']);
    const states = (out: string[]) => Number(/^explored ([\d,]+) states/.exec(out[1]!)![1]!.replace(/,/g, ''));
    expect(two.code).toBe(0);
    expect(states(two.out)).toBe(states(one.out));
    const shard = run(['explore', '--depth', '3', '--shard', '1/2']);
    expect(shard.out[0]).toMatch(/; shard 1\/2$/);
    expect(states(shard.out)).toBeLessThan(states(one.out));
  });

  it('shows its progress on a terminal, then takes the line away', () => {
    const updates: Array<string | undefined> = [];
    run(['explore', '--depth', '3'], false, { progress: (t) => updates.push(t) });
    expect(updates.length).toBeGreaterThan(1);
    expect(updates[0]).toMatch(/^chimney explore: [\d,]+ states, [\d,]+ transitions$/);
    expect(updates.at(-1)).toBeUndefined();
  });

  it.each([
    [['--strategy', 'bfss'], '--strategy bfss: expected one of bfs, dfs, pct, random'],
    [['--shard', '2/2'], '--shard 2/2: expected i/n with 0 ≤ i < n (e.g. 0/4)'],
    [['--actions', 'offload,uplod'], "--actions offload,uplod: unknown action 'uplod'"],
    [['--fault', 'nope'], '--fault nope: not a fault of the catalogue'],
  ])('exits 2 with one line for %j', (args, message) => {
    const r = run(['explore', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(message);
  });
});

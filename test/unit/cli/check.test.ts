/**
 * `chimney check`: exit 0 when nothing breaks, 1 with a counterexample written where `chimney run`
 * replays it, 2 with one line naming the module for every way a driver module can be unusable.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { run, tempFolder } from './cliTestKit.js';

const tmp = tempFolder();
afterAll(() => tmp.remove());

describe('chimney check', () => {
  it('exits 0 when the reference drivers break nothing', () => {
    const r = run(['check', '--runs', '50', '--seed', '1']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('chimney check: the reference drivers; up to 1 intermediate driver, 2 connections, 20 steps per run; 50 runs, seed 1');
    expect(r.out[1]).toMatch(/^✓ no invariant broken in 50 runs/);
  });

  it('finds your driver\'s bug, writes the counterexample, and `chimney run` replays it to the same break', () => {
    const out = `${tmp.dir}/cx-my-im`;
    const r = run(['check', '--driver', 'examples/drivers/my-im.ts', '--seed', '7', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.out[1]).toMatch(/^✗ im-relays-tcp-offload-event broken: IM1: IM1's ProtocolTcpOffloadEvent got TcpIndicateSendBacklogChange/);
    const file = `${out}/im-relays-tcp-offload-event.yaml`;
    expect(r.out).toContain(`replay:   chimney run ${file}`);
    expect(r.out).toContain('re-check: chimney check --driver examples/drivers/my-im.ts --ims 1 --connections 2 --steps 20 --runs 1000 --seed 7');
    expect(existsSync(`${out}/im-relays-tcp-offload-event.trace.jsonl`)).toBe(true);
    const replay = run(['run', file]);
    expect(replay.code).toBe(0);
    expect(replay.out).toContain('✓ expect rule im-relays-tcp-offload-event: violated');
    expect(replay.out.some((l) => l.includes('golden trace') && l.endsWith(': same'))).toBe(true);
  });

  it('checks a driver written as an xstate machine (the module exports the machine)', () => {
    const r = run(['check', '--driver', 'examples/drivers/pause-aware-im.ts', '--runs', '100', '--seed', '1']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[1]).toMatch(/^✓ no invariant broken in 100 runs/);
  });

  it('shows its progress on a terminal, then takes the line away', () => {
    const updates: Array<string | undefined> = [];
    run(['check', '--runs', '300', '--seed', '1'], false, { progress: (t) => updates.push(t) });
    expect(updates.slice(0, -1)).toEqual(['chimney check: 100 runs of 300', 'chimney check: 200 runs of 300', 'chimney check: 300 runs of 300']);
    expect(updates.at(-1)).toBeUndefined();
  });

  it('checks a fault of the catalogue', () => {
    const r = run(['check', '--fault', 'im-swallows-status-indication', '--seed', '3', '--out', `${tmp.dir}/cx-fault`]);
    expect(r.code).toBe(1);
    expect(r.out[1]).toMatch(/^✗ im-relays-status-indication broken/);
  });

  const module = (name: string, text: string) => tmp.write(name, text);
  const reference = new URL('../../../src/index.ts', import.meta.url).pathname;

  it('reports a handler that never returns, names it, and writes the run that called it', () => {
    const loops = module('loops.ts', `import { passThroughIntermediateDriver } from '${reference}';
export default { ...passThroughIntermediateDriver, name: 'loops', MiniportQueryOffload: () => { for (;;) {} } };`);
    const r = run(['check', '--driver', loops, '--seed', '4', '--timeout', '300', '--out', `${tmp.dir}/cx-loop`]);
    expect(r.code).toBe(1);
    expect(r.out[1]).toBe('✗ driver-returns-in-time broken: your driver did not return from MiniportQueryOffload within 300 ms');
    expect(r.out.at(-2)).toMatch(/\. query: c\d$/); // the last step of the run is the query that called it
    expect(existsSync(`${tmp.dir}/cx-loop/driver-returns-in-time.yaml`)).toBe(true);
  });

  it('reports a handler that throws as the invariant driver-returns, shrunk, and the written scenario replays to it', () => {
    const throws = module('throws-on-update.ts', `import { passThroughIntermediateDriver } from '${reference}';
export default { ...passThroughIntermediateDriver, name: 'throws', MiniportUpdateOffload: () => { throw new TypeError('cannot read properties of undefined'); } };`);
    const r = run(['check', '--driver', throws, '--seed', '4', '--out', `${tmp.dir}/cx-throw`]);
    expect(r.code).toBe(1);
    expect(r.out[1]).toBe("✗ driver-returns broken: IM1's MiniportUpdateOffload threw TypeError: cannot read properties of undefined");
    expect(r.out.filter((l) => /^ +\d+\. /.test(l)).slice(-2)).toEqual(['    4. deliver: all', '    5. expect: { invariant: driver-returns }']); // a relink's update of the path, delivered
    const replay = run(['run', `${tmp.dir}/cx-throw/driver-returns.yaml`]);
    expect(replay.code).toBe(0);
    expect(replay.out).toContain('✓ expect invariant driver-returns: broken');
  });

  it.each([
    ['a missing file', () => `${tmp.dir}/nowhere.ts`, /nowhere\.ts: no such file$/],
    ['a file that is not a module', () => module('notes.txt', 'hello'), /notes\.txt: not a module chimney can load \(expected \.js, \.mjs, \.cjs, \.ts, \.mts, \.cts\)$/],
    ['a syntax error', () => module('broken.ts', 'export default {{ ;'), /broken\.ts: cannot load the module: /],
    ['a module that throws when loaded', () => module('throws.mjs', 'throw new Error("boom");'), /throws\.mjs: cannot load the module: boom$/],
    ['no driver exported', () => module('nothing.mjs', 'export const x = 1;'), /nothing\.mjs: exports no intermediate driver: expected a default export or 'intermediateDriver' or 'driver', a handler table or an xstate machine \(exports: x\)$/],
    ['a number exported', () => module('number.mjs', 'export default 42;'), /number\.mjs: export default is a number; expected an intermediate driver/],
    ['a misspelt handler', () => module('misspelt.mjs', 'export default { name: "mine", ProtocolTcpOfloadEvent() {} };'), /ProtocolTcpOfloadEvent is not a handler of this contract \(did you mean ProtocolTcpOffloadEvent\?\)/],
  ])('exits 2 with one line for %s', (_what, file, message) => {
    const r = run(['check', '--driver', file(), '--runs', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
    expect(r.err[0]).not.toMatch(/\n|    at /);
  });

  it('refuses a missing module at once, naming the command, before anything is printed or started', () => {
    const r = run(['check', '--driver', `${tmp.dir}/nowhere.ts`]);
    expect(r).toEqual({ code: 2, out: [], err: [`chimney check: ${tmp.dir}/nowhere.ts: no such file`] });
  });

  it('exits 2 for a fault not in the catalogue and for --ims 0 with a driver', () => {
    expect(run(['check', '--fault', 'no-such-fault']).err[0]).toMatch(/--fault no-such-fault: not a fault of the catalogue/);
    expect(run(['check', '--driver', 'examples/drivers/my-im.ts', '--ims', '0']).err[0]).toMatch(/--ims 0: checking an intermediate driver needs at least 1/);
  });
});

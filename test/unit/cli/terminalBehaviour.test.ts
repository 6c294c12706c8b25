/**
 * What a user of vitest, tcpdump or Wireshark expects of the command line (issue 13): colour control
 * (--color, --no-color, FORCE_COLOR, NO_COLOR, TERM=dumb, all in --help), `chimney help`, a progress
 * line on a terminal and none on a pipe, `-` for standard input, and `run --json` over several
 * scenarios marking where each trace begins.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shouldUseColor } from '../../../src/index.js';
import { takeColorFlags } from '../../../src/cli/colorFlags.js';
import { ProgressLine } from '../../../src/cli/ProgressLine.js';
import { run, sampleText, tempFolder } from './cliTestKit.js';

const tmp = tempFolder();
afterAll(() => tmp.remove());
const SGR = /\x1b\[[0-9;]*m/;
const RACES = 'scenarios/races';

describe('colour', () => {
  it.each([
    [{ isTTY: true }, {}, 'auto', true],
    [{ isTTY: false }, {}, 'auto', false],
    [{ isTTY: true }, { NO_COLOR: '1' }, 'auto', false],
    [{ isTTY: true }, { NO_COLOR: '' }, 'auto', true],
    [{ isTTY: true }, { TERM: 'dumb' }, 'auto', false],
    [{ isTTY: false }, { FORCE_COLOR: '1' }, 'auto', true],
    [{ isTTY: false }, { FORCE_COLOR: '' }, 'auto', true],
    [{ isTTY: true }, { FORCE_COLOR: '0' }, 'auto', false],
    [{ isTTY: true }, { FORCE_COLOR: 'false' }, 'auto', false],
    [{ isTTY: true }, { FORCE_COLOR: '1', NO_COLOR: '1', TERM: 'dumb' }, 'auto', true],
    [{ isTTY: false }, { NO_COLOR: '1' }, 'always', true],
    [{ isTTY: true }, { FORCE_COLOR: '1' }, 'never', false],
  ] as const)('stream %o, env %o, flag %s: colour %s', (stream, env, choice, expected) => {
    expect(shouldUseColor(stream, env, choice)).toBe(expected);
  });

  it('--color and --no-color are taken from anywhere on the line; the last one wins', () => {
    expect(takeColorFlags(['--no-color', 'demo', '--im', '2', '--color'])).toEqual({ args: ['demo', '--im', '2'], choice: 'always' });
    expect(takeColorFlags(['run', 'x.yaml'])).toEqual({ args: ['run', 'x.yaml'], choice: 'auto' });
  });

  it('--color colours where the environment said not to, --no-color takes colour away', () => {
    expect(run(['demo', '--color'], false).out.join('\n')).toMatch(SGR);
    expect(run(['--no-color', 'demo'], true).out.join('\n')).not.toMatch(SGR);
    expect(run(['run', '--no-color', 'scenarios/tour/'], true).out.join('\n')).not.toMatch(SGR);
  });

  it('--help lists the flags and the environment variables', () => {
    const text = run(['--help']).out.join('\n');
    for (const word of ['--color', '--no-color', 'NO_COLOR', 'FORCE_COLOR', 'TERM=dumb']) expect(text).toContain(word);
    expect(run(['run', '--help']).out.join('\n')).toMatch(/--no-color +Never colour the output/);
  });

  it('the real executable: no colour on a pipe, colour with FORCE_COLOR=1', () => {
    const { FORCE_COLOR: _force, NO_COLOR: _no, ...env } = process.env;
    const demo = (extra: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo'], { encoding: 'utf8', env: { ...env, ...extra } });
    expect(demo({}).stdout).not.toMatch(SGR);
    expect(demo({ FORCE_COLOR: '1' }).stdout).toMatch(SGR);
  });
});

describe('chimney help', () => {
  it('is --help', () => {
    expect(run(['help'])).toEqual(run(['--help']));
  });

  it("'help run' is 'run --help'", () => {
    const help = run(['help', 'run']);
    expect(help.code).toBe(0);
    expect(help.out).toEqual(run(['run', '--help']).out);
  });

  it('-v is --version, as in vitest', () => {
    expect(run(['-v'])).toEqual(run(['--version']));
    expect(run(['-v']).out[0]).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an unknown command: one line, exit 2', () => {
    expect(run(['help', 'bogus'])).toEqual({ code: 2, out: [], err: ["chimney help: unknown command 'bogus' (commands: demo, states, diagram, run, table, report, check, explore, coverage, validate, schema)"] });
  });
});

describe('progress', () => {
  it('run over a folder reports each scenario, then takes the line away', () => {
    const updates: Array<string | undefined> = [];
    const r = run(['run', '--quiet', RACES], false, { progress: (t) => updates.push(t) });
    expect(r.code).toBe(0);
    const files = readdirSync(RACES).filter((f) => f.endsWith('.yaml')).sort();
    expect(updates).toEqual([...files.map((f, i) => `chimney run: ${i + 1}/${files.length} ${join(RACES, f)}`), undefined]);
  });

  it('one file: no progress line (there is nothing to count)', () => {
    const updates: Array<string | undefined> = [];
    run(['run', '--quiet', 'scenarios/tour/offload-retrieve-upload-disconnect.yaml'], false, { progress: (t) => updates.push(t) });
    expect(updates.filter((u) => u !== undefined)).toEqual([]);
  });

  it('validate over a folder too', () => {
    const updates: Array<string | undefined> = [];
    run(['validate', RACES], false, { progress: (t) => updates.push(t) });
    expect(updates.at(0)).toMatch(/^chimney validate: 1\/\d+ scenarios\/races\//);
    expect(updates.at(-1)).toBeUndefined();
  });

  it('the line is rewritten in place, cut to the terminal, escaped, and cleared', () => {
    const written: string[] = [];
    const line = new ProgressLine({ write: (t: string) => written.push(t), columns: 20 });
    line.clear(); // nothing shown yet: nothing written
    line.update('chimney run: 1/2 \x1b[2Ja-long-name.yaml');
    line.update('chimney run: 2/2 b');
    line.update(undefined);
    expect(written).toEqual(['\rchimney run: 1/2 \\…\x1b[K', '\rchimney run: 2/2 b\x1b[K', '\r\x1b[K']);
  });

  it('the real executable shows none on a pipe', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', '--quiet', RACES], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('\r');
  });
});

describe("'-': a scenario from standard input", () => {
  const withStdin = <T>(text: string, body: (fd: number) => T): T => {
    const fd = openSync(tmp.write(`stdin-${Math.random().toString(36).slice(2)}.yaml`, text), 'r');
    try {
      return body(fd);
    } finally {
      closeSync(fd);
    }
  };

  it('validate - and run -: named <stdin>, no golden trace', () => {
    expect(withStdin(sampleText(), (fd) => run(['validate', '-'], false, { stdinFd: fd }))).toEqual({ code: 0, out: ['ok <stdin>'], err: [] });
    const r = withStdin(sampleText(), (fd) => run(['run', '-'], false, { stdinFd: fd }));
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('scenario <stdin>');
    expect(r.out).toContain('no golden trace for a scenario read from standard input');
    expect(r.out.at(-1)).toBe('PASS <stdin>');
  });

  it('empty standard input, or an empty file: one line saying so', () => {
    expect(withStdin('', (fd) => run(['validate', '-'], false, { stdinFd: fd })).err).toEqual([
      '<stdin>: standard input is empty (expected a scenario: a map with description, connections and steps)',
    ]);
    const empty = tmp.write('empty.yaml', '');
    expect(run(['validate', empty]).err).toEqual([`${empty}: the file is empty (expected a scenario: a map with description, connections and steps)`]);
  });

  it('problems name <stdin> with their line', () => {
    const r = withStdin('description: x\nconnections: []\nsteps:\n  - offload: c9\n', (fd) => run(['validate', '-'], false, { stdinFd: fd }));
    expect(r).toEqual({ code: 2, out: [], err: ["<stdin>:4:14: connection 'c9' is used but never declared (declared: none)"] });
  });

  it('--update-golden cannot write a golden for standard input', () => {
    expect(run(['run', '--update-golden', '-']).err).toEqual([
      "chimney run: --update-golden cannot write a golden trace for standard input ('-'); give the scenario's file",
    ]);
  });
});

describe('run --json over several scenarios', () => {
  it('a line before each trace names its file, so the stream splits into the single-file outputs', () => {
    const files = readdirSync(RACES).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(RACES, f));
    const r = run(['run', '--json', RACES]);
    expect(r.code).toBe(0);
    const parts: Array<{ file: string; lines: string[] }> = [];
    for (const line of r.out) {
      const event = JSON.parse(line) as { kind: string; file?: string };
      if (event.kind === 'scenario') parts.push({ file: event.file!, lines: [] });
      else parts.at(-1)!.lines.push(line);
    }
    expect(parts.map((p) => p.file)).toEqual(files);
    for (const part of parts) expect(part.lines).toEqual(run(['run', '--json', part.file]).out);
  });

  it('one scenario: no marker, the trace is exactly its golden format', () => {
    const r = run(['run', '--json', 'scenarios/tour/offload-retrieve-upload-disconnect.yaml']);
    expect(r.out.some((l) => l.includes('"kind":"scenario"'))).toBe(false);
  });
});

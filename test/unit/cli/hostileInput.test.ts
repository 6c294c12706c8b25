/**
 * Hostile input that used to get through (issue 13): special files, huge golden traces, terminal
 * control characters, other encodings. Each gets one line naming the file, exit 2, no stack trace,
 * and costs bounded time and memory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/index.js';
import { run, sampleText, tempFolder } from './cliTestKit.js';

const tmp = tempFolder();
afterAll(() => tmp.remove());

const noStack = (lines: readonly string[]) => expect(lines.join('\n')).not.toMatch(/\n\s+at |internal error/);

describe('special files', () => {
  it('validate /dev/zero: one line, exit 2, nothing read', () => {
    const r = run(['validate', '/dev/zero']);
    expect(r).toEqual({ code: 2, out: [], err: ['/dev/zero: not a regular file (a character device)'] });
  });

  it('a symlink to /dev/zero, a FIFO and a dangling symlink inside a folder: one line each, the good file still checked', () => {
    const dir = join(tmp.dir, 'special');
    mkdirSync(dir);
    writeFileSync(join(dir, 'good.yaml'), sampleText());
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    symlinkSync('nowhere.yaml', join(dir, 'dangling.yaml'));
    symlinkSync('.', join(dir, 'loop')); // a folder that contains itself: walked once
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]); // opening it for reading must not wait for a writer
    const r = run(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([`ok ${join(dir, 'good.yaml')}`]);
    expect(r.err).toEqual([
      `${join(dir, 'dangling.yaml')}: cannot read the file (ENOENT)`,
      `${join(dir, 'fifo.yaml')}: not a regular file (a FIFO)`,
      `${join(dir, 'zero.yaml')}: not a regular file (a character device)`,
    ]);
  });

  it('standard input that never ends (/dev/zero as stdin): stops at the limit', () => {
    const fd = openSync('/dev/zero', 'r');
    try {
      const r = run(['validate', '-'], false, { stdinFd: fd });
      expect(r).toEqual({ code: 2, out: [], err: [`<stdin>: standard input has more than ${LIMITS.bytes} bytes; a scenario may have at most 1048576 bytes (1 MiB)`] });
    } finally {
      closeSync(fd);
    }
  });

  it('a scenario file over the limit: its size in bytes, and the limit in bytes', () => {
    const big = tmp.write('big.yaml', `description: ${'é'.repeat(600_000)}\nconnections: []\nsteps: []\n`);
    expect(run(['validate', big]).err).toEqual([`${big}: the file has 1200040 bytes; a scenario may have at most 1048576 bytes (1 MiB)`]);
  });
});

describe('golden traces', () => {
  it('a 600 MB golden trace (sparse): one line naming it, INVALID, exit 2, not read', () => {
    const dir = join(tmp.dir, 'golden-big');
    mkdirSync(dir);
    const file = join(dir, 'tour.yaml');
    writeFileSync(file, sampleText());
    const golden = join(dir, 'tour.trace.jsonl');
    writeFileSync(golden, '');
    truncateSync(golden, 600 * 2 ** 20);
    const r = run(['run', '--quiet', file]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`${golden}: the file has ${600 * 2 ** 20} bytes; a golden trace may have at most ${LIMITS.goldenBytes} bytes (64 MiB)`]);
    expect(r.out).toEqual([`INVALID ${file} (its golden trace cannot be read)`]);
    noStack([...r.out, ...r.err]);
  });

  it('a golden trace that is a symlink to /dev/zero: not a regular file', () => {
    const dir = join(tmp.dir, 'golden-zero');
    mkdirSync(dir);
    const file = join(dir, 'tour.yaml');
    writeFileSync(file, sampleText());
    symlinkSync('/dev/zero', join(dir, 'tour.trace.jsonl'));
    const r = run(['run', '--quiet', file]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`${join(dir, 'tour.trace.jsonl')}: not a regular file (a character device)`]);
  });
});

describe('terminal control characters', () => {
  const TITLE = '\x1b]0;pwned\x07';
  const CLEAR = '\x1b[2J';
  const evil = () =>
    tmp.write('evil.yaml', sampleText().replace(/description: >\n[\s\S]*?\ntopology:/, `description: "retitle ${TITLE} clear ${CLEAR} done"\ntopology:`));

  it('a description that would retitle the window and clear the screen is shown escaped', () => {
    const r = run(['run', evil()]);
    expect(r.code).toBe(0);
    expect(r.out[1]).toBe('  retitle \\x1b]0;pwned\\x07 clear \\x1b[2J done');
    expect([...r.out, ...r.err].join('\n')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });

  it('with colour on, the only escape sequences left are the CLI\'s own colours', () => {
    const r = run(['run', evil()], true);
    const raw = [...r.out, ...r.err].join('\n').replace(/\x1b\[[0-9;]*m/g, '');
    expect(raw).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(raw).toContain('retitle \\x1b]0;pwned\\x07 clear \\x1b[2J done');
  });

  it('values echoed in error messages, and file names, are escaped too', () => {
    const file = tmp.write('bad\x1b[2J.yaml', `description: x\nconnections: []\nsteps:\n  - "\\e]0;t\\a": 1\n`);
    const r = run(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^.*bad\\x1b\[2J\.yaml:4:5: unknown step kind '\\x1b\]0;t\\x07'/);
  });

  it('an option echoed in a usage error is escaped', () => {
    expect(run(['run', `--x${CLEAR}`, 'f.yaml']).err).toEqual(["chimney run: unknown option '--x\\x1b[2J' (try 'chimney run --help')"]);
  });

  it('the real executable escapes what reaches the terminal even with colour forced', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', '--color', evil()], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('\x1b['); // colour is on
    expect(r.stdout.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(r.stderr).toBe('');
  });
});

describe('encodings', () => {
  const tour = () => sampleText();
  const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const utf16be = (text: string) => utf16le(text).swap16();

  it.each([
    ['UTF-16 little-endian with a BOM (Windows PowerShell 5.1)', utf16le],
    ['UTF-16 big-endian with a BOM', utf16be],
    ['UTF-8 with a BOM', (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)])],
  ])('%s is read', (_, encode) => {
    const file = join(tmp.dir, `enc-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, encode(tour()));
    expect(run(['validate', file])).toEqual({ code: 0, out: [`ok ${file}`], err: [] });
  });

  it.each([
    ['UTF-32', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('d\0\0\0')]), 'the file is UTF-32 text (it starts with a UTF-32 byte-order mark); save it as UTF-8'],
    ['UTF-16 without a BOM', Buffer.from('description: x\n', 'utf16le'), 'the file holds a NUL byte (at byte 2): it is not text, or UTF-16 without a byte-order mark; save it as UTF-8'],
    ['Latin-1', Buffer.from('description: caf\xe9\n', 'latin1'), 'the file is not valid UTF-8 text; save it as UTF-8'],
  ])('%s gets one line saying so', (_, bytes, message) => {
    const file = join(tmp.dir, `enc-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, bytes);
    expect(run(['validate', file])).toEqual({ code: 2, out: [], err: [`${file}: ${message}`] });
  });
});

describe('writing golden traces', () => {
  it('--update-golden over a FIFO: refused in one line, without waiting for a reader', () => {
    const dir = join(tmp.dir, 'golden-fifo');
    mkdirSync(dir);
    const file = join(dir, 'tour.yaml');
    writeFileSync(file, sampleText());
    execFileSync('mkfifo', [join(dir, 'tour.trace.jsonl')]);
    const r = run(['run', '--quiet', '--update-golden', file]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`${join(dir, 'tour.trace.jsonl')}: not a regular file (a FIFO)`]);
  });
});

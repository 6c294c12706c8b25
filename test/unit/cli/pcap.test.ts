/** `chimney run --pcap <file>`: the capture file is what `pcapngOf` makes of the run, and Wireshark reads it. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseScenario, pcapngOf, runScenario } from '../../../src/index.js';
import { run, SAMPLE_SCENARIO, tempFolder } from './cliTestKit.js';

const SCENARIO = fileURLToPath(SAMPLE_SCENARIO);
const SEND_SCENARIO = fileURLToPath(new URL('../../../scenarios/data/send-offloaded-completes-on-ack.yaml', import.meta.url));
let tmp: ReturnType<typeof tempFolder>;
beforeEach(() => (tmp = tempFolder()));
afterEach(() => tmp.remove());

describe('chimney run --pcap', () => {
  it('writes the capture of the run, byte for byte what pcapngOf gives, and says so', () => {
    const file = join(tmp.dir, 'wire.pcapng');
    const r = run(['run', SEND_SCENARIO, '--pcap', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote capture ${file} (pcapng, ${readFileSync(file).length} bytes)`);
    const expected = pcapngOf(runScenario(parseScenario(readFileSync(SEND_SCENARIO, 'utf8'), SEND_SCENARIO)).sim);
    expect(new Uint8Array(readFileSync(file))).toEqual(expected);
  });

  it('keeps stdout pure JSON Lines with --json (the note goes to stderr)', () => {
    const file = join(tmp.dir, 'wire.pcapng');
    const r = run(['run', SEND_SCENARIO, '--json', '--pcap', file]);
    expect(r.code).toBe(0);
    for (const line of r.out) expect(() => JSON.parse(line), line).not.toThrow();
    expect(r.err.some((l) => l.startsWith(`wrote capture ${file}`))).toBe(true);
  });

  it('is read by tshark with every checksum good: the file the command wrote, as it is', () => {
    const file = join(tmp.dir, 'wire.pcapng');
    expect(run(['run', SEND_SCENARIO, '--pcap', file, '--quiet']).code).toBe(0);
    let out: string;
    try {
      out = execFileSync('tshark', ['-n', '-r', file, '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-T', 'fields',
        '-e', 'ip.checksum.status', '-e', 'tcp.checksum.status', '-e', 'tcp.len', '-e', 'frame.comment'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('tshark is not installed: this test needs it (apt-get install -y tshark, as .ci/run does)');
      throw error;
    }
    const rows = out.trim().split('\n').map((l) => l.split('\t'));
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([['1', '1', '1000'], ['1', '1', '0']]);
    expect(rows[0]![3]).toMatch(/^trace #\d+, pending item #\d+: target ⇢ peer seq 0 len 1000 ack 0 win 65535; tcp c1: offload Offloaded, tcp ESTABLISHED$/);
  });

  it('refuses several scenarios, a missing value, and reports a file it cannot write (exit 2)', () => {
    const many = run(['run', join(SCENARIO, '../../data'), '--pcap', join(tmp.dir, 'x.pcapng')]);
    expect(many.code).toBe(2);
    expect(many.err).toEqual([expect.stringMatching(/^chimney run: --pcap writes the capture of one scenario; .*data holds \d+ scenario files$/)]);
    expect(run(['run', SCENARIO, '--pcap']).err).toEqual(["chimney run: --pcap expects a value (try 'chimney run --help')"]);
    const bad = run(['run', SCENARIO, '--quiet', '--pcap', join(tmp.dir, 'no-such-folder', 'x.pcapng')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toEqual([`chimney run: cannot write capture ${join(tmp.dir, 'no-such-folder', 'x.pcapng')} (ENOENT)`]);
  });
});

/** `chimney table` and `chimney demo --json --table`: the connection table as text, JSON and the bytes GetTcpTable2 fills in. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import {
  fetchTcpTable, formatTcpTable2, parseScenario, readTcp6Table2, readTcpTable2, runScenario, tcpRow2Json, type ParsedScenario,
} from '../../../src/index.js';
import { run, SAMPLE_SCENARIO, tempFolder } from './cliTestKit.js';

const TOUR = fileURLToPath(SAMPLE_SCENARIO);
const MANY = fileURLToPath(new URL('../../../scenarios/sharing/many-connections-one-target.yaml', import.meta.url));
const IPV6 = fileURLToPath(new URL('../../../scenarios/tcp-close/rst-in-established.yaml', import.meta.url));

/** The run as a byte-capable, non-terminal stdout sees it. */
function runBytes(argv: string[], stdoutIsTerminal = false) {
  const chunks: Uint8Array[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), stdoutBytes: (b) => chunks.push(b), stdoutIsTerminal });
  return { code, out, err, bytes: Buffer.concat(chunks) };
}

function parsed(file: string): ParsedScenario {
  return parseScenario(readFileSync(file, 'utf8'), file);
}

/** The table after `n` steps, fetched independently of the command (the scenario cut to its first n steps). */
function tableAfter(file: string, n: number | undefined, family: 4 | 6 = 4): ArrayBuffer {
  const p = parsed(file);
  const steps = p.scenario.steps.slice(0, n ?? p.scenario.steps.length);
  const sim = runScenario({ ...p, scenario: { ...p.scenario, steps }, stepPositions: p.stepPositions.slice(0, steps.length) }).sim;
  return fetchTcpTable((b, s, o) => (family === 4 ? sim.GetTcpTable2(b, s, o) : sim.GetTcp6Table2(b, s, o)));
}

let tmp: ReturnType<typeof tempFolder>;
beforeEach(() => (tmp = tempFolder()));
afterEach(() => tmp.remove());

describe('chimney table', () => {
  it('prints the table at the end of the scenario as the SDK sample does', () => {
    const r = run(['table', TOUR]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toBe(formatTcpTable2(readTcpTable2(tableAfter(TOUR, undefined))));
    expect(r.out).toContain('\tTCP[0] State: 8 - CLOSE-WAIT');
    expect(r.out).toContain('\tTCP[0] Offload State: 2 - Offloaded to the network interface control');
  });

  it('--at n gives the table once step n has run: the tour\'s connection is Offloading after step 1, Offloaded after step 2', () => {
    expect(run(['table', TOUR, '--at', '1']).out).toContain('\tTCP[0] Offload State: 1 - In the process of being offloaded');
    expect(run(['table', TOUR, '--at', '2']).out).toContain('\tTCP[0] Offload State: 2 - Offloaded to the network interface control');
  });

  it('--format binary writes exactly what GetTcpTable2 fills in: dwNumEntries, then 28-byte rows', () => {
    const r = runBytes(['table', MANY, '--format', 'binary']);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([]);
    const expected = new Uint8Array(tableAfter(MANY, undefined));
    expect(new Uint8Array(r.bytes)).toEqual(expected);
    const count = r.bytes.readUInt32LE(0);
    expect(count).toBe(4);
    expect(r.bytes.length).toBe(4 + 28 * count);
  });

  it('-o writes the file (and says so on stderr); the IPv6 table with --family 6 is 4 + 60 bytes a row', () => {
    const file = join(tmp.dir, 'table6.bin');
    const r = run(['table', IPV6, '--family', '6', '--format', 'binary', '--at', '2', '-o', file]); // offloaded: the TCB is not deleted yet
    expect(r.code).toBe(0);
    expect(r.out).toEqual([]);
    const bytes = readFileSync(file);
    expect(r.err).toEqual([`wrote ${file}: MIB_TCP6TABLE2, 1 row, binary (${bytes.length} bytes)`]);
    expect(new Uint8Array(bytes)).toEqual(new Uint8Array(tableAfter(IPV6, 2, 6)));
    expect(bytes.length).toBe(4 + 60);
    const [row] = readTcp6Table2(new Uint8Array(bytes).buffer);
    expect([...row!.LocalAddr]).toEqual([0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1]);
  });

  it('--format json gives one object per row, one per line', () => {
    const r = run(['table', MANY, '--format', 'json', '--at', '3']);
    expect(r.code).toBe(0);
    expect(r.out.map((l) => JSON.parse(l))).toEqual(readTcpTable2(tableAfter(MANY, 3)).map(tcpRow2Json));
    expect(r.out).toHaveLength(4);
  });

  it('prints the IPv6 table in the sample\'s layout with scope ids, and notes where the connections are when the family asked for has none', () => {
    const six = run(['table', IPV6, '--family', '6', '--at', '2']);
    expect(six.out).toContain('\tTCP[0] Local Addr: 2001:db8::1');
    expect(six.out).toContain('\tTCP[0] Local Scope ID: 0 ');
    const four = run(['table', IPV6, '--at', '2']);
    expect(four.code).toBe(0);
    expect(four.out).toEqual(['\tNumber of entries: 0']);
    expect(four.err).toEqual(['note: no IPv4 connections; the scenario has 1 IPv6 connection (--family 6)']);
  });

  it('refuses binary output to a terminal, and where standard output takes only lines', () => {
    const tty = runBytes(['table', TOUR, '--format', 'binary'], true);
    expect(tty.code).toBe(2);
    expect(tty.bytes.length).toBe(0);
    expect(tty.err).toEqual(['chimney table: --format binary writes bytes, not text: give -o <file>, or redirect standard output to a file or a pipe']);
    expect(run(['table', TOUR, '--format', 'binary']).err).toEqual(['chimney table: --format binary needs -o <file> here (this standard output takes lines only)']);
  });

  it('says in one line what is wrong with bad input, exit 2', () => {
    const cases: Array<[string[], string]> = [
      [['table', TOUR, '--at', '17'], `chimney table: --at 17: ${TOUR} has 16 steps (--at takes 1 to 16)`],
      [['table', TOUR, '--at', '0'], "chimney table: --at expects an integer from 1 to 4294967295, got '0'"],
      [['table', TOUR, '--format', 'xml'], "chimney table: --format expects text, json or binary, got 'xml'"],
      [['table', TOUR, '--family', '5'], "chimney table: --family expects 4 or 6, got '5'"],
      [['table', TOUR, '--bogus'], "chimney table: unknown option '--bogus' (try 'chimney table --help')"],
      [['table', TOUR, TOUR], `chimney table: unexpected argument '${TOUR}' (try 'chimney table --help')`],
      [['table', TOUR, '-o', join(tmp.dir, 'no', 'such', 'dir')], `chimney table: cannot write ${join(tmp.dir, 'no', 'such', 'dir')} (ENOENT)`],
    ];
    for (const [argv, message] of cases) {
      const r = run(argv);
      expect({ argv, code: r.code, err: r.err }).toEqual({ argv, code: 2, err: [message] });
    }
  });

  it('refuses a folder of several scenarios', () => {
    const r = run(['table', join(TOUR, '../../data')]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([expect.stringMatching(/^chimney table: expects one scenario file; .*data holds \d+$/)]);
  });

  it('is in the help, with -o as the short form of --output', () => {
    const help = run(['table', '--help']).out.join('\n');
    expect(help).toContain('Usage: chimney table [options] <scenario>');
    expect(help).toMatch(/-o, --output <file> +Write the table to this file instead of standard output/);
    expect(run(['--help']).out.some((l) => l.startsWith('  table <scenario>'))).toBe(true);
  });
});

describe('chimney demo --json --table', () => {
  it('keeps standard output pure JSON Lines: the trace, then one object per table row', () => {
    const r = run(['demo', '--json', '--table']);
    expect(r.code).toBe(0);
    const objects = r.out.map((line) => JSON.parse(line) as { kind: string });
    const rows = objects.filter((o) => o.kind === 'tcpTableRow');
    expect(rows).toEqual([{ kind: 'tcpTableRow', ...tcpRow2Json(readTcpTable2(tableAfter(TOUR, undefined))[0]!, 0) }]);
    expect(objects.at(-1)).toEqual(rows.at(-1));
  });

  it('still prints the table as text without --json', () => {
    expect(run(['demo', '--table']).out).toContain('\tTCP[0] State: 8 - CLOSE-WAIT');
  });
});

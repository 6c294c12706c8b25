/** `chimney run`: replay, expectations by line, verdicts, exit codes, golden traces, --json / --quiet / --seed. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, sampleText, tempFolder } from './cliTestKit.js';

/** Line 9 fails (the completion is still pending), line 11 holds, line 12 fails. */
const FAILING = `description: An offload checked before its completion is delivered (fails), then after (holds).
connections:
  - id: c1
    local: 10.0.0.1:49152
    remote: 10.0.0.2:443
    pid: 7
steps:
  - offload: c1
  - expect: { connection: c1, offload: Offloaded }
  - deliver: all
  - expect: { connection: c1, offload: Offloaded, tcp: ESTABLISHED }
  - expect: { pending: 2 }
`;

/** Every expectation holds, but the deliberate IM fault breaks a rule nothing expects. */
const UNEXPECTED_VIOLATION = `description: The IM relays with its own handle, and nothing says a rule will break.
topology:
  faults: [im-relays-with-own-handle]
connections:
  - id: c1
    local: 10.0.0.1:49152
    remote: 10.0.0.2:443
    pid: 7
steps:
  - offload: c1
  - deliver: all
  - indicate: { connection: c1, event: TcpIndicateDisconnect }
  - deliver: all
`;

/** Several problems: a missing pid (3:5), a bad address (4:12), an undeclared connection (7:14), an unknown step kind (8:5). */
const INVALID = `description: broken in several places
connections:
  - id: c1
    local: 1.2.3:4
    remote: 10.0.0.2:443
steps:
  - offload: c9
  - bogus: 1
`;

const tmp = tempFolder();
let sample: string;
let failing: string;
let violating: string;
let invalid: string;

beforeAll(() => {
  sample = tmp.write('tour.yaml', sampleText());
  failing = tmp.write('failing.yaml', FAILING);
  violating = tmp.write('violating.yaml', UNEXPECTED_VIOLATION);
  invalid = tmp.write('invalid.yaml', INVALID);
});
afterAll(() => tmp.remove());

describe('chimney run on the sample scenario', () => {
  it('narrates the trace with a ✓ line per expectation and passes, exit 0', () => {
    const r = run(['run', sample]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe(`scenario ${sample}`);
    expect(r.out).toContain('▶ host decides to offload tcp c1');
    expect(r.out.some((l) => /^ +\d+ +\d+\.\d{3}ms +host → IM1 +NdisInitiateOffload {2}⇒ {2}MiniportInitiateOffload$/.test(l))).toBe(true);
    const checks = r.out.filter((l) => l.startsWith('✓ expect '));
    expect(checks).toContain('✓ expect offload state of c1: Offloaded');
    expect(checks).toContain('✓ expect TCP state of c1: CLOSE_WAIT');
    expect(checks).toContain('✓ expect rule violations: none');
    expect(checks).toHaveLength(8);
    expect(r.out.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(r.out.at(-1)).toBe(`PASS ${sample}`);
  });

  it('interleaves each ✓ line where its expect step stands on the timeline', () => {
    const r = run(['run', sample]);
    const firstCheck = r.out.indexOf('✓ expect offload state of c1: Offloaded');
    const backlog = r.out.findIndex((l) => l.startsWith('▶') && l.includes('TcpIndicateSendBacklogChange'));
    expect(firstCheck).toBeGreaterThan(r.out.indexOf('▶ host decides to offload tcp c1'));
    expect(backlog).toBeGreaterThan(firstCheck);
  });

  it('notes a missing golden trace without failing', () => {
    const r = run(['run', sample]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`no golden trace ${sample.replace(/\.yaml$/, '.trace.jsonl')} (run with --update-golden to create it)`);
  });

  it('--quiet prints only the verdict', () => {
    expect(run(['run', '--quiet', sample])).toEqual({ code: 0, out: [`PASS ${sample}`], err: [] });
  });

  it('--json prints the trace as JSON Lines on stdout and the rest on stderr', () => {
    const r = run(['run', sample, '--json'], true);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeGreaterThan(10);
    const events = r.out.map((l) => JSON.parse(l) as { seq: number; kind: string });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ kind: 'command' });
    expect(r.out.join('\n')).not.toContain('\u001b[');
    expect(r.err).toContain('✓ expect offload state of c1: Offloaded');
    expect(r.err.at(-1)).toBe(`PASS ${sample}`);
  });

  it('colours the narration only when asked', () => {
    expect(run(['run', sample]).out.join('\n')).not.toContain('\u001b[');
    expect(run(['run', sample], true).out.join('\n')).toContain('\u001b[');
  });
});

describe('chimney run: urgent data and corrupt hardware', () => {
  const URGENT_AND_CORRUPT = `description: Urgent data on c1; corrupt hardware met by a query on c2.
connections:
  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 7 }
  - { id: c2, local: 10.0.0.1:49153, remote: 10.0.0.2:443, pid: 7 }
steps:
  - offload: [c1, c2]
  - deliver: all
  - peer-send: { connection: c1, bytes: 5, urgent: true }
  - peer-send: { connection: c1, bytes: 6, push: false, urgent: true }
  - hardware-failure: c2
  - query: c2
  - deliver: all
  - expect: { called: NdisMQueryOffloadStateComplete, connection: c2, status: NDIS_STATUS_FAILURE }
  - expect: { connection: c1, offload: InHost, tcp: ESTABLISHED }
  - expect: { connection: c2, offload: InHost, tcp: CLOSED }
  - expect: { violations: none }
`;

  it('narrates each step as a command, as the other steps are, and passes', () => {
    const r = run(['run', tmp.write('urgent-and-corrupt.yaml', URGENT_AND_CORRUPT)]);
    expect(r.err).toEqual([]);
    expect(r.out).toContain('▶ the peer sends 5 bytes on tcp c1 (urgent)');
    expect(r.out).toContain('▶ the peer sends 6 bytes on tcp c1 (urgent, no PSH)');
    expect(r.out).toContain("▶ the target's hardware state for tcp c2 becomes corrupt");
    expect(r.out).toContain('✓ expect calls of NdisMQueryOffloadStateComplete with NDIS_STATUS_FAILURE about c2: at least one');
    expect(r.out.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('chimney run: failures (exit 1)', () => {
  it('a failing expectation names its file and line, expected vs actual', () => {
    const r = run(['run', failing]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([]);
    expect(r.out).toContain(`✗ ${failing}:9: expected Offloaded vs actual Offloading (offload state of c1)`);
    expect(r.out).toContain(`✗ ${failing}:12: expected 2 vs actual 0 (pending items)`);
    expect(r.out).toContain('✓ expect offload state of c1: Offloaded');
    expect(r.out).toContain('✓ expect TCP state of c1: ESTABLISHED');
    expect(r.out.at(-1)).toBe(`FAIL ${failing} (2 expectations failed)`);
  });

  it('a rule violation no step expects fails the scenario and is named in the verdict', () => {
    const r = run(['run', '--quiet', violating]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      expect.stringMatching(new RegExp(`^✗ ${escape(violating)}: unexpected violation of indication-on-known-connection by IM1: `)),
      `FAIL ${violating} (1 unexpected violation: indication-on-known-connection)`,
    ]);
  });

  it('several files: a verdict per file and the summary line', () => {
    const r = run(['run', '--quiet', sample, failing]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      `PASS ${sample}`,
      `✗ ${failing}:9: expected Offloaded vs actual Offloading (offload state of c1)`,
      `✗ ${failing}:12: expected 2 vs actual 0 (pending items)`,
      `FAIL ${failing} (2 expectations failed)`,
      '1 passed, 1 failed',
    ]);
  });

  it('a folder is searched for scenarios, each run once', () => {
    const dir = tempFolder();
    try {
      dir.write('a.yaml', sampleText());
      dir.write('b.yml', sampleText());
      dir.write('notes.txt', 'not a scenario');
      const r = run(['run', '--quiet', dir.dir, join(dir.dir, 'a.yaml')]);
      expect(r.code).toBe(0);
      expect(r.out).toEqual([`PASS ${join(dir.dir, 'a.yaml')}`, `PASS ${join(dir.dir, 'b.yml')}`, '2 passed, 0 failed']);
    } finally {
      dir.remove();
    }
  });
});

describe('chimney run: bad input (exit 2)', () => {
  it('an invalid file: every problem as file:line:col, nothing run', () => {
    const r = run(['run', sample, invalid]);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(4); // the bad address once: the schema's message, not the schema's and the meaning check's
    for (const line of r.err) expect(line).toMatch(new RegExp(`^${escape(invalid)}:\\d+:\\d+: \\S`));
    expect(r.err[0]).toBe(`${invalid}:3:5: connections.0.pid: missing (expected number)`);
    expect(r.err.some((l) => l.startsWith(`${invalid}:4:12: `))).toBe(true);
    expect(r.err).toContain(`${invalid}:7:14: connection 'c9' is used but never declared (declared: c1)`);
    expect(r.err.some((l) => l.startsWith(`${invalid}:8:5: unknown step kind 'bogus'`))).toBe(true);
    expect(r.err.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('the problems of every invalid file are reported', () => {
    const other = tmp.write('also-invalid.yaml', 'description: x\nconnections: []\nsteps:\n  - offload: nobody\n');
    const r = run(['run', invalid, other]);
    expect(r.code).toBe(2);
    expect(r.err.filter((l) => l.startsWith(`${invalid}:`))).toHaveLength(4);
    expect(r.err).toContain(`${other}:4:14: connection 'nobody' is used but never declared (declared: none)`);
  });

  it('a deliver step with nothing to deliver is reported with its position while running', () => {
    const stuck = tmp.write('stuck.yaml', 'description: delivers what is not there\nconnections: []\nsteps:\n  - deliver: next\n');
    const r = run(['run', '--quiet', stuck]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([expect.stringMatching(new RegExp(`^${escape(stuck)}:4:5: .*pending`))]);
    expect(r.out).toEqual([`INVALID ${stuck} (see the problems above)`]);
  });

  it('a missing file or folder: one line, exit 2', () => {
    const missing = join(tmp.dir, 'no-such.yaml');
    expect(run(['run', sample, missing])).toEqual({ code: 2, out: [], err: [`chimney run: ${missing}: no such file or folder`] });
  });

  it('a folder without scenarios: one line, exit 2', () => {
    const empty = tempFolder();
    try {
      const r = run(['run', empty.dir]);
      expect(r).toEqual({ code: 2, out: [], err: [`chimney run: no scenario files (.yaml, .yml, .json) in ${empty.dir}`] });
    } finally {
      empty.remove();
    }
  });

  it.each([
    [[], "chimney run: expects at least one <file|dir> (try 'chimney run --help')"],
    [['--seed', 'x', 'f.yaml'], "chimney run: --seed expects an integer from 0 to 4294967295, got 'x'"],
    [['--frobnicate', 'f.yaml'], "chimney run: unknown option '--frobnicate' (try 'chimney run --help')"],
    [['--quiet=1', 'f.yaml'], "chimney run: --quiet takes no value, got '--quiet=1'"],
    [['--seed', '3', '--update-golden', 'f.yaml'], "chimney run: --update-golden and --seed do not go together (a golden trace is made with the scenario's own seed)"],
    [['--json', '--quiet', 'f.yaml'], 'chimney run: --json and --quiet do not go together (--quiet prints no trace)'],
  ])('rejects %j with one line and exit 2', (args, message) => {
    expect(run(['run', ...args])).toEqual({ code: 2, out: [], err: [message] });
  });
});

describe('chimney run: golden traces', () => {
  it('--update-golden writes the golden file; the next run compares equal; an edited line fails with its number', () => {
    const dir = tempFolder();
    try {
      const file = dir.write('tour.yaml', sampleText());
      const golden = join(dir.dir, 'tour.trace.jsonl');

      const write = run(['run', '--update-golden', file]);
      expect(write.code).toBe(0);
      expect(write.out).toContain(`wrote golden trace ${golden}`);
      expect(existsSync(golden)).toBe(true);
      // The golden file is the trace as JSON Lines: what --json prints.
      expect(readFileSync(golden, 'utf8')).toBe(run(['run', '--json', file]).out.join('\n') + '\n');

      const same = run(['run', file]);
      expect(same.code).toBe(0);
      expect(same.out).toContain(`✓ golden trace ${golden}: same`);
      expect(same.out.at(-1)).toBe(`PASS ${file}`);

      const lines = readFileSync(golden, 'utf8').split('\n');
      const original = lines[6]!;
      lines[6] = original.replace('"kind":', '"edited":true,"kind":');
      writeFileSync(golden, lines.join('\n'));
      const differs = run(['run', file]);
      expect(differs.code).toBe(1);
      expect(differs.out).toContain(`✗ ${golden}:7: expected ${lines[6]} vs actual ${original}`);
      expect(differs.out.at(-1)).toBe(`FAIL ${file} (golden trace differs at line 7)`);

      // --seed on a tour that never races: the seed changes nothing, so the (edited) golden is still compared.
      const seeded = run(['run', '--seed', '5', file]);
      expect(seeded.code).toBe(1);
      expect(seeded.out).toContain('seed 5 made no difference here: never more than one pending item could be delivered, so the golden trace is compared');
      expect(seeded.out.at(-1)).toBe(`FAIL ${file} (golden trace differs at line 7)`);

      // Rewriting brings it back.
      expect(run(['run', '--quiet', '--update-golden', file]).code).toBe(0);
      expect(run(['run', '--quiet', file])).toEqual({ code: 0, out: [`PASS ${file}`], err: [] });
    } finally {
      dir.remove();
    }
  });

  it('a golden file with CRLF line ends still compares equal', () => {
    withGoldenTour((file, golden) => {
      writeFileSync(golden, readFileSync(golden, 'utf8').replace(/\n/g, '\r\n'));
      expect(run(['run', '--quiet', file]).code).toBe(0);
    });
  });

  it('a shorter golden trace reports the end of it', () => {
    withGoldenTour((file, golden) => {
      const lines = readFileSync(golden, 'utf8').split('\n').slice(0, 3);
      writeFileSync(golden, lines.join('\n') + '\n');
      const r = run(['run', '--quiet', file]);
      expect(r.code).toBe(1);
      expect(r.out[0]).toBe(`✗ ${golden}:4: expected (end of trace) vs actual ${run(['run', '--json', file]).out[3]}`);
      expect(r.out[1]).toBe(`FAIL ${file} (golden trace differs at line 4)`);
    });
  });
});

/** The sample scenario in a temporary folder with its golden trace written; the folder goes afterwards. */
function withGoldenTour(test: (file: string, golden: string) => void): void {
  const dir = tempFolder();
  try {
    const file = dir.write('tour.yaml', sampleText());
    run(['run', '--quiet', '--update-golden', file]);
    test(file, join(dir.dir, 'tour.trace.jsonl'));
  } finally {
    dir.remove();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The CLI adapter: dispatch, help generated from the table, one-line usage errors, exit codes. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The tour belongs to src/demo; these tests stand in for it so they test the CLI alone.
const runDemoTour = vi.hoisted(() => vi.fn((_options: DemoTourOptions) => 0));
vi.mock('../../../src/cli/demo.js', async () => {
  const { toDemoTourOptions } = await import('../../../src/cli/demoTourOptions.js');
  return { runDemoCommand: (values: DemoCommandValues, io: CliIo) => runDemoTour(toDemoTourOptions(values, io)) };
});

import type { CliIo } from '../../../src/cli/CliIo.js';
import { COMMANDS } from '../../../src/cli/commands.js';
import type { DemoCommandValues, DemoTourOptions } from '../../../src/cli/demoTourOptions.js';
import { runCli } from '../../../src/cli/main.js';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

function run(argv: string[], color = false): Run {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), color });
  return { code, out, err };
}

beforeEach(() => {
  runDemoTour.mockReset();
  runDemoTour.mockReturnValue(0);
});

describe('chimney (no command, help, version)', () => {
  it('without a command: one stderr line, the help, exit 2', () => {
    const r = run([]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["chimney: missing command (try 'chimney --help')"]);
    expect(r.out.join('\n')).toContain('Usage: chimney <command>');
  });

  it.each([['--help'], ['-h']])('%s prints help naming the commands and their options, exit 0', (flag) => {
    const r = run([flag]);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    const text = r.out.join('\n');
    expect(text).toMatch(/TCP Chimney Offload/);
    expect(text).toMatch(/^ {2}demo +\S/m);
    for (const option of ['--table', '--json', '--seed <n>', '--im <n>']) expect(text).toContain(option);
    expect(text).toMatch(/--im <n> .*0 to 8; default: 1/);
    expect(text).toContain('chimney demo --im 2 --table');
    expect(runDemoTour).not.toHaveBeenCalled();
  });

  it('--version prints the package version', async () => {
    const { default: pkg } = await import('../../../package.json', { with: { type: 'json' } });
    expect(run(['--version'])).toEqual({ code: 0, out: [pkg.version], err: [] });
  });

  it('an unknown command: exactly one stderr line listing the commands, exit 2', () => {
    const r = run(['xyz']);
    expect(r).toEqual({ code: 2, out: [], err: [`chimney: unknown command 'xyz' (commands: ${Object.keys(COMMANDS).join(', ')})`] });
  });

  it('an unknown global option is a usage error', () => {
    expect(run(['--foo'])).toEqual({ code: 2, out: [], err: ["chimney: unknown option '--foo' (try 'chimney --help')"] });
  });
});

describe('chimney demo', () => {
  it('--help prints the command help, exit 0, without running the demo', () => {
    for (const flag of ['--help', '-h']) {
      const r = run(['demo', flag]);
      expect(r.code).toBe(0);
      expect(r.err).toEqual([]);
      const text = r.out.join('\n');
      expect(text).toContain('Usage: chimney demo [options]');
      expect(text).toContain('--table');
      expect(text).toContain('-h, --help');
    }
    expect(runDemoTour).not.toHaveBeenCalled();
  });

  it('runs the tour with the defaults', () => {
    const r = run(['demo']);
    expect(r.code).toBe(0);
    expect(runDemoTour).toHaveBeenCalledTimes(1);
    expect(runDemoTour.mock.calls[0]![0]).toMatchObject({ intermediateDrivers: 1, table: false, json: false, color: false });
    expect(runDemoTour.mock.calls[0]![0]).not.toHaveProperty('seed'); // no seed: the tour in order, without races
  });

  it('passes the options through, and writes through stdout', () => {
    runDemoTour.mockImplementation((options) => {
      options.write('hello');
      return 1;
    });
    const r = run(['demo', '--im', '3', '--seed=42', '--table'], true);
    expect(r).toEqual({ code: 1, out: ['hello'], err: [] });
    expect(runDemoTour.mock.calls[0]![0]).toMatchObject({ intermediateDrivers: 3, seed: 42, table: true, json: false, color: true });
  });

  it('never colours JSON', () => {
    run(['demo', '--json'], true);
    expect(runDemoTour.mock.calls[0]![0]).toMatchObject({ json: true, color: false });
  });

  it.each([
    [['--foo'], "chimney demo: unknown option '--foo' (try 'chimney demo --help')"],
    [['-x'], "chimney demo: unknown option '-x' (try 'chimney demo --help')"],
    [['--im', 'x'], "chimney demo: --im expects an integer from 0 to 8, got 'x'"],
    [['--im', '99'], "chimney demo: --im expects an integer from 0 to 8, got '99'"],
    [['--im=1.5'], "chimney demo: --im expects an integer from 0 to 8, got '1.5'"],
    [['--seed', '-1'], "chimney demo: --seed expects an integer from 0 to 4294967295, got '-1'"],
    [['--im'], "chimney demo: --im expects a value (try 'chimney demo --help')"],
    [['--table=yes'], "chimney demo: --table takes no value, got '--table=yes'"],
    [['extra'], "chimney demo: unexpected argument 'extra' (try 'chimney demo --help')"],
  ])('rejects %j with one line and exit 2', (args, message) => {
    const r = run(['demo', ...args]);
    expect(r).toEqual({ code: 2, out: [], err: [message] });
    expect(runDemoTour).not.toHaveBeenCalled();
  });

  it('reports a bug as an internal error with its stack, exit 70', () => {
    runDemoTour.mockImplementation(() => {
      throw new Error('boom');
    });
    const r = run(['demo']);
    expect(r.code).toBe(70);
    expect(r.err[0]).toBe('chimney: internal error: Error: boom');
    expect(r.err.length).toBeGreaterThan(1);
    expect(r.err[1]).toMatch(/^\s+at /);
  });
});

describe('chimney states', () => {
  it('draws the offload-state graph from the machine', () => {
    const r = run(['states']);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      'stateDiagram-v2',
      '  [*] --> InHost',
      '  InHost --> Offloading: NdisInitiateOffload',
      '  Offloading --> Offloaded: ProtocolInitiateOffloadComplete [tcpBlockSucceeded]',
      '  Offloading --> InHost: ProtocolInitiateOffloadComplete [else]',
      '  Offloaded --> Uploading: NdisTerminateOffload',
      '  Uploading --> InHost: ProtocolTerminateOffloadComplete',
    ]);
  });

  it('--tcp draws the RFC 793 region', () => {
    const r = run(['states', '--tcp']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  ESTABLISHED --> CLOSE_WAIT: TcpIndicateDisconnect');
    expect(r.out).toContain('  FIN_WAIT_2 --> TIME_WAIT: TcpIndicateDisconnect');
  });
});

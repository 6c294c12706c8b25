/** `chimney states`: any registered machine drawn from its compiled table, `--tcp` as a shorthand, one-line usage errors. */
import { describe, expect, it } from 'vitest';
import { compileMachine, MACHINES, stateDiagram } from '../../../src/index.js';
import { run } from './cliTestKit.js';

describe('chimney states --machine', () => {
  it('--machine adapter draws the adapter graph', () => {
    expect(run(['states', '--machine', 'adapter'])).toEqual({
      code: 0,
      out: [
        'stateDiagram-v2',
        '  [*] --> OffloadEnabled',
        '  OffloadEnabled --> OffloadPaused: NDIS_STATUS_OFFLOAD_PAUSE',
        '  OffloadEnabled --> OffloadPaused: NDIS_STATUS_UPLOAD_ALL',
        '  OffloadPaused --> OffloadEnabled: NDIS_STATUS_OFFLOAD_RESUME',
        '  OffloadPaused --> OffloadPaused: NDIS_STATUS_UPLOAD_ALL',
      ],
      err: [],
    });
  });

  it.each(MACHINES.map((m) => [m.name, m] as const))('draws %s from its compiled table', (name, entry) => {
    const r = run(['states', `--machine=${name}`]);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out.slice(0, 2)).toEqual(['stateDiagram-v2', `  [*] --> ${entry.drawFrom}`]);
    expect(r.out.length).toBeGreaterThan(2);
    expect(r.out.join('\n')).toBe(stateDiagram(compileMachine(entry.machine), entry.drawFrom));
  });

  it('without --machine draws the first machine, the offload state', () => {
    expect(run(['states'])).toEqual(run(['states', '--machine', 'offload']));
  });

  it('--tcp is --machine tcp', () => {
    const tcp = run(['states', '--machine', 'tcp']);
    expect(run(['states', '--tcp'])).toEqual(tcp);
    expect(run(['states', '--tcp', '--machine', 'tcp'])).toEqual(tcp);
  });

  it('an unknown machine: one line naming the machines there are, exit 2', () => {
    expect(run(['states', '--machine', 'nope'])).toEqual({
      code: 2,
      out: [],
      err: ["chimney states: unknown machine 'nope' (machines: offload, tcp, adapter, im-offload-entry, target-context)"],
    });
  });

  it('--tcp with another --machine is a usage error', () => {
    expect(run(['states', '--tcp', '--machine', 'adapter'])).toEqual({
      code: 2,
      out: [],
      err: ['chimney states: --tcp is --machine tcp; it cannot be given with --machine adapter'],
    });
  });

  it('--machine needs a value', () => {
    expect(run(['states', '--machine'])).toEqual({ code: 2, out: [], err: ["chimney states: --machine expects a value (try 'chimney states --help')"] });
  });

  it('--help lists every machine with its description', () => {
    const r = run(['states', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  --machine <name>  The machine to draw: offload, tcp, adapter, im-offload-entry, target-context (default: offload)');
    for (const m of MACHINES) expect(r.out.some((l) => l.startsWith(`  ${m.name} `) && l.endsWith(m.description))).toBe(true);
  });
});

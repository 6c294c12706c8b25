/** `chimney validate`, `chimney schema`, and the help of every command, generated from the table. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, type CommandSpec } from '../../../src/cli/commands.js';
import { scenarioJsonSchema } from '../../../src/index.js';
import { run, sampleText, tempFolder } from './cliTestKit.js';

const tmp = tempFolder();
let good: string;
let bad: string;

beforeAll(() => {
  good = tmp.write('good.yaml', sampleText());
  bad = tmp.write('bad.yaml', 'description: two problems\nconnections:\n  - { id: c1, local: 10.0.0.1:1, remote: 10.0.0.2:2, pid: 1 }\nsteps:\n  - upload: c2\n  - expect: { connection: c1 }\n');
});
afterAll(() => tmp.remove());

describe('chimney validate', () => {
  it('ok <file> for a valid scenario, exit 0', () => {
    expect(run(['validate', good])).toEqual({ code: 0, out: [`ok ${good}`], err: [] });
  });

  it('every problem of an invalid file on stderr with line:col, the valid ones still ok, exit 2', () => {
    const r = run(['validate', tmp.dir]);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([`ok ${good}`]);
    expect(r.err).toHaveLength(2);
    expect(r.err[0]).toBe(`${bad}:5:13: connection 'c2' is used but never declared (declared: c1)`);
    expect(r.err[1]).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:\\d+: .*expect needs something to check`));
  });

  it('does not run the scenario (nothing is narrated)', () => {
    expect(run(['validate', good]).out.some((l) => l.startsWith('▶'))).toBe(false);
  });

  it('a missing path: one line, exit 2', () => {
    const missing = join(tmp.dir, 'gone');
    expect(run(['validate', missing])).toEqual({ code: 2, out: [], err: [`chimney validate: ${missing}: no such file or folder`] });
  });

  it('needs at least one path', () => {
    expect(run(['validate'])).toEqual({ code: 2, out: [], err: ["chimney validate: expects at least one <file|dir> (try 'chimney validate --help')"] });
  });
});

describe('chimney schema', () => {
  it('prints the JSON Schema of the format, pretty-printed, exit 0', () => {
    const r = run(['schema']);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out[1]).toBe('  "$schema": "https://json-schema.org/draft/2020-12/schema",');
    const schema = JSON.parse(r.out.join('\n')) as Record<string, unknown>;
    expect(schema).toEqual(scenarioJsonSchema());
    expect(schema['$schema']).toMatch(/json-schema\.org/);
    expect(r.out.join('\n')).toBe(JSON.stringify(scenarioJsonSchema(), null, 2));
  });

  it('takes no arguments', () => {
    expect(run(['schema', 'x'])).toEqual({ code: 2, out: [], err: ["chimney schema: unexpected argument 'x' (try 'chimney schema --help')"] });
  });
});

describe('help, generated from the command table', () => {
  const commands = Object.values(COMMANDS) as readonly CommandSpec[];

  it.each(commands.map((c) => [c.name, c] as const))('chimney %s --help', (name, spec) => {
    const r = run([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    const p = spec.positionals;
    const argument = p ? `${p.min > 0 ? `<${p.valueName}>` : `[${p.valueName}]`}${p.variadic ? '...' : ''}` : '';
    const usage = `Usage: chimney ${name} [options]${p ? ` ${argument}` : ''}`;
    expect(r.out[0]).toBe(usage);
    expect(r.out).toContain(`${spec.description}.`);
    for (const [option, o] of Object.entries(spec.options)) {
      const start = o.short ? `  -${o.short}, --${option}` : `  --${option}`;
      expect(r.out.some((l) => l.startsWith(start)), start).toBe(true);
    }
    expect(r.out.some((l) => l.startsWith('  -h, --help'))).toBe(true);
    for (const example of spec.examples) expect(r.out).toContain(`  ${example}`);
    if (p) expect(r.out).toEqual(expect.arrayContaining(['Arguments:', `  ${argument}  ${p.description}`]));
  });

  it('run --help shows the seed default in words, since it has no number', () => {
    const text = run(['run', '--help']).out.join('\n');
    expect(text).toMatch(/--seed <n> .*\(0 to 4294967295; default: the scenario's own scheduling and seed\)/);
    for (const option of ['--json', '--quiet', '--update-golden']) expect(text).toContain(option);
  });

  it('the program help lists the new commands with their arguments', () => {
    const text = run(['--help']).out.join('\n');
    expect(text).toMatch(/^ {2}run <file\|dir>\.\.\. +Replay scenario files/m);
    expect(text).toMatch(/^ {2}validate <file\|dir>\.\.\. +Check scenario files/m);
    expect(text).toMatch(/^ {2}schema +Print the JSON Schema/m);
    expect(text).toContain('chimney schema > scenarios/scenario.schema.json');
  });
});

/** The table-driven parser beyond what the shipped commands use: string options, optional values, positional counts. */
import { describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../../src/cli/commands.js';
import { formatCommandHelp } from '../../../src/cli/help.js';
import { parseCommandArgs } from '../../../src/cli/parseCommandArgs.js';
import { UsageError } from '../../../src/cli/UsageError.js';

const SPEC = {
  name: 'probe',
  description: 'A command made up for these tests',
  details: [],
  options: {
    out: { type: 'string', description: 'Where to write', valueName: 'file' },
    format: { type: 'string', description: 'How to write', valueName: 'name', default: 'text' },
    limit: { type: 'integer', description: 'How many', valueName: 'n', min: 1, max: 9, defaultText: 'all' },
    verbose: { type: 'boolean', description: 'Say more' },
  },
  positionals: { valueName: 'file', description: 'One input', min: 0, variadic: false },
  examples: ['chimney probe --out x in.yaml'],
} as const satisfies CommandSpec;

function usageError(args: string[]): string {
  try {
    parseCommandArgs(SPEC, args);
  } catch (e) {
    if (e instanceof UsageError) return e.format('chimney');
    throw e;
  }
  throw new Error('no UsageError');
}

describe('parseCommandArgs', () => {
  it('absent options: booleans false, defaults where there are some, undefined otherwise', () => {
    expect(parseCommandArgs(SPEC, [])).toEqual({
      help: false,
      values: { out: undefined, format: 'text', limit: undefined, verbose: false },
      positionals: [],
    });
  });

  it('string and integer values in both spellings, and a positional', () => {
    const parsed = parseCommandArgs(SPEC, ['--out', 'a b.txt', '--format=json', '--limit=3', 'in.yaml']);
    expect(parsed).toEqual({ help: false, values: { out: 'a b.txt', format: 'json', limit: 3, verbose: false }, positionals: ['in.yaml'] });
  });

  it('`--` ends the options, so a file may start with a dash', () => {
    expect(parseCommandArgs(SPEC, ['--', '-odd.yaml'])).toMatchObject({ positionals: ['-odd.yaml'] });
  });

  it.each([
    [['--out'], "chimney probe: --out expects a value (try 'chimney probe --help')"],
    [['--limit', '0'], "chimney probe: --limit expects an integer from 1 to 9, got '0'"],
    [['a.yaml', 'b.yaml'], "chimney probe: unexpected argument 'b.yaml' (try 'chimney probe --help')"],
    [['--verbose=no'], "chimney probe: --verbose takes no value, got '--verbose=no'"],
  ])('rejects %j in one line', (args, message) => {
    expect(usageError(args)).toBe(message);
  });

  it('help shows string options with their placeholder and default, and an optional positional', () => {
    const help = formatCommandHelp(SPEC);
    expect(help[0]).toBe('Usage: chimney probe [options] [file]');
    expect(help).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ {2}--out <file> +Where to write$/),
        expect.stringMatching(/^ {2}--format <name> +How to write \(default: 'text'\)$/),
        expect.stringMatching(/^ {2}--limit <n> +How many \(1 to 9; default: all\)$/),
        expect.stringMatching(/^ {2}\[file\] +One input$/),
      ]),
    );
  });
});

/** `chimney --help` and `chimney <command> --help`, generated from the command table. */
import { COMMANDS, PROGRAM, PROGRAM_DESCRIPTION, type CommandSpec, type OptionSpec, type PositionalSpec } from './commands.js';

/** The help line every command gets. */
const HELP_ROW: Row = ['-h, --help', 'Show this help'];

/** The colour flags, accepted before or after any command. */
const COLOR_ROWS: readonly Row[] = [
  ['--color', 'Colour the output even when it is not a terminal'],
  ['--no-color', 'Never colour the output'],
];

/** What the environment changes (no-color.org, and the FORCE_COLOR convention of Node and chalk). */
const ENVIRONMENT_ROWS: readonly Row[] = [
  ['NO_COLOR', 'Set and not empty: no colour (unless --color or FORCE_COLOR)'],
  ['FORCE_COLOR', "Set: colour even when not a terminal; '0' or 'false': no colour (--color and --no-color win)"],
  ['TERM=dumb', 'No colour and no progress line (unless --color or FORCE_COLOR for colour)'],
];

type Row = readonly [left: string, right: string];

/** `chimney --help`: what the tool is, the commands with their options, and examples. */
export function formatProgramHelp(): string[] {
  const commands = Object.values(COMMANDS) as readonly CommandSpec[];
  const rows: Row[] = [];
  for (const c of commands) {
    rows.push([c.positionals ? `${c.name} ${positionalUsage(c.positionals)}` : c.name, c.description]);
    for (const [name, spec] of Object.entries(c.options)) rows.push([`  ${optionUsage(name, spec)}`, optionText(spec)]);
  }
  return [
    ...PROGRAM_DESCRIPTION,
    '',
    `Usage: ${PROGRAM} <command> [options]`,
    `       ${PROGRAM} help [command]`,
    '',
    'Commands:',
    ...table(rows),
    '',
    'Options:',
    ...table([
      ['-h, --help', `Show this help; '${PROGRAM} <command> --help' or '${PROGRAM} help <command>' shows one command`],
      ['-v, --version', 'Print the version'],
      ...COLOR_ROWS,
    ]),
    '',
    'Environment:',
    ...table(ENVIRONMENT_ROWS),
    '',
    `A file argument '-' reads one scenario from standard input. On a terminal, long work (a folder of`,
    'scenarios) shows a progress line on standard error; a pipe or a file never gets one.',
    '',
    'Examples:',
    ...commands.flatMap((c) => c.examples).map((e) => `  ${e}`),
  ];
}

/** `chimney demo --help`: usage, what the command does, its arguments, its options with defaults, examples. */
export function formatCommandHelp(command: CommandSpec): string[] {
  const rows: Row[] = Object.entries(command.options).map(([name, spec]) => [optionUsage(name, spec), optionText(spec)]);
  const positional = command.positionals;
  return [
    `Usage: ${PROGRAM} ${command.name} [options]${positional ? ` ${positionalUsage(positional)}` : ''}`,
    '',
    command.description + '.',
    ...command.details,
    '',
    ...(positional ? ['Arguments:', ...table([[positionalUsage(positional), positional.description]]), ''] : []),
    'Options:',
    ...table([...rows, ...COLOR_ROWS, HELP_ROW]),
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
  ];
}

/** `<file|dir>...`, `<file>`, `[file]`. */
function positionalUsage(spec: PositionalSpec): string {
  const one = spec.min > 0 ? `<${spec.valueName}>` : `[${spec.valueName}]`;
  return spec.variadic ? `${one}...` : one;
}

/** `--seed <n>`, `--table`, or `-o, --output <file>`. */
function optionUsage(name: string, spec: OptionSpec): string {
  const long = spec.type === 'boolean' ? `--${name}` : `--${name} <${spec.valueName}>`;
  return spec.short ? `-${spec.short}, ${long}` : long;
}

/** The description, with the range and default of a valued option. */
function optionText(spec: OptionSpec): string {
  switch (spec.type) {
    case 'boolean':
      return spec.description;
    case 'integer':
      return `${spec.description} (${spec.min} to ${spec.max}${defaultText(spec.default, spec.defaultText)})`;
    case 'string': {
      const d = defaultText(spec.default, spec.defaultText);
      return d ? `${spec.description} (${d.slice(2)})` : spec.description;
    }
  }
}

/** `; default: 1`, `; default: the scenario's seed`, or '' when there is nothing to say. */
function defaultText(value: number | string | undefined, text: string | undefined): string {
  if (value !== undefined) return `; default: ${typeof value === 'string' ? `'${value}'` : value}`;
  return text !== undefined ? `; default: ${text}` : '';
}

/** Two columns, the left one padded to its widest entry, indented two spaces. */
function table(rows: readonly Row[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}

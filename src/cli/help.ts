/** `chimney --help` and `chimney <command> --help`, generated from the command table. */
import { COMMANDS, PROGRAM, PROGRAM_DESCRIPTION, type CommandSpec, type OptionSpec, type PositionalSpec } from './commands.js';

/** The help line every command gets. */
const HELP_ROW: Row = ['-h, --help', 'Show this help'];

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
    '',
    'Commands:',
    ...table(rows),
    '',
    'Options:',
    ...table([
      ['-h, --help', `Show this help; '${PROGRAM} <command> --help' shows one command`],
      ['--version', 'Print the version'],
    ]),
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
    ...table([...rows, HELP_ROW]),
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

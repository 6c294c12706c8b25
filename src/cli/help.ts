/** `chimney --help` and `chimney <command> --help`, generated from the command table. */
import { COMMANDS, PROGRAM, PROGRAM_DESCRIPTION, type CommandSpec, type OptionSpec } from './commands.js';

/** The help line every command gets. */
const HELP_ROW: Row = ['-h, --help', 'Show this help'];

type Row = readonly [left: string, right: string];

/** `chimney --help`: what the tool is, the commands with their options, and examples. */
export function formatProgramHelp(): string[] {
  const commands = Object.values(COMMANDS) as readonly CommandSpec[];
  const rows: Row[] = [];
  for (const c of commands) {
    rows.push([c.name, c.description]);
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

/** `chimney demo --help`: usage, what the command does, its options with defaults, examples. */
export function formatCommandHelp(command: CommandSpec): string[] {
  const rows: Row[] = Object.entries(command.options).map(([name, spec]) => [optionUsage(name, spec), optionText(spec)]);
  return [
    `Usage: ${PROGRAM} ${command.name} [options]`,
    '',
    command.description + '.',
    ...command.details,
    '',
    'Options:',
    ...table([...rows, HELP_ROW]),
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
  ];
}

/** `--seed <n>` or `--table`. */
function optionUsage(name: string, spec: OptionSpec): string {
  return spec.type === 'integer' ? `--${name} <${spec.valueName}>` : `--${name}`;
}

/** The description, with the range and default of a valued option. */
function optionText(spec: OptionSpec): string {
  switch (spec.type) {
    case 'boolean':
      return spec.description;
    case 'integer':
      return `${spec.description} (${spec.min} to ${spec.max}; default: ${spec.default})`;
  }
}

/** Two columns, the left one padded to its widest entry, indented two spaces. */
function table(rows: readonly Row[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}

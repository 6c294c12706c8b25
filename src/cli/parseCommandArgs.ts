/**
 * Parses a command's arguments with `node:util` parseArgs (strict), driven by the command table.
 * Why the second pass: parseArgs' own messages are multi-line and name no command, so when strict
 * parsing fails the arguments are tokenised again without strictness to find the first bad one and
 * say what is wrong with it in one line.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  PROGRAM,
  type CommandArgs,
  type CommandSpec,
  type IntegerOption,
  type OptionSpec,
  type OptionValues,
  type PositionalSpec,
} from './commands.js';
import { UsageError } from './UsageError.js';

/** Either the user asked for help, or here are the option values and the positional arguments. */
export type ParsedCommand<O extends CommandSpec['options']> = { help: true } | ({ help: false } & CommandArgs<O>);

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` (what follows the command name) for `command`; throws UsageError for bad input. */
export function parseCommandArgs<C extends CommandSpec>(command: C, args: readonly string[]): ParsedCommand<C['options']> {
  const options = parseArgsOptions(command);
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: command.positionals !== undefined });
  } catch (error) {
    if (isParseArgsError(error)) throw explain(command, args, options, error);
    throw error;
  }
  if (parsed.values['help'] === true) return { help: true };
  const values: Record<string, boolean | number | string | undefined> = {};
  for (const [name, spec] of Object.entries(command.options)) values[name] = optionValue(command, name, spec, parsed.values[name]);
  checkPositionalCount(command, parsed.positionals);
  return { help: false, values: values as OptionValues<C['options']>, positionals: parsed.positionals };
}

/** The table's options in parseArgs form, plus `--help` / `-h`. */
function parseArgsOptions(command: CommandSpec): ParseOptions {
  const options: ParseOptions = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = { type: spec.type === 'boolean' ? 'boolean' : 'string', ...(spec.short ? { short: spec.short } : {}) };
  }
  return options;
}

/** The value of one option: what was given, checked, or its default (undefined when it has none). */
function optionValue(command: CommandSpec, name: string, spec: OptionSpec, raw: unknown): boolean | number | string | undefined {
  switch (spec.type) {
    case 'boolean':
      return raw === true;
    case 'integer':
      return raw === undefined ? spec.default : parseInteger(command, name, spec, String(raw));
    case 'string':
      return raw === undefined ? spec.default : String(raw);
  }
}

/** A decimal integer within the option's range, or a UsageError naming the option and the value. */
function parseInteger(command: CommandSpec, name: string, spec: IntegerOption, text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < spec.min || value > spec.max) {
    throw new UsageError(`--${name} expects an integer from ${spec.min} to ${spec.max}, got '${text}'`, command.name);
  }
  return value;
}

/** Too few or too many positional arguments, said in one line. */
function checkPositionalCount(command: CommandSpec, positionals: readonly string[]): void {
  const spec: PositionalSpec | undefined = command.positionals;
  if (!spec) return;
  const hint = `(try '${PROGRAM} ${command.name} --help')`;
  if (positionals.length < spec.min) {
    const what = spec.min === 1 ? `at least one <${spec.valueName}>` : `at least ${spec.min} <${spec.valueName}> arguments`;
    throw new UsageError(`expects ${what} ${hint}`, command.name);
  }
  const max = spec.variadic ? Infinity : Math.max(spec.min, 1);
  if (positionals.length > max) throw new UsageError(`unexpected argument '${positionals[max]}' ${hint}`, command.name);
}

/** Finds the first argument strict parsing rejected and describes it in one line. */
function explain(command: CommandSpec, args: readonly string[], options: ParseOptions, error: Error): UsageError {
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const hint = `(try '${PROGRAM} ${command.name} --help')`;
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (command.positionals) continue;
      return new UsageError(`unexpected argument '${token.value}' ${hint}`, command.name);
    }
    if (token.kind !== 'option') continue;
    const spec: OptionSpec | undefined = Object.hasOwn(command.options, token.name) ? command.options[token.name] : undefined;
    if (!spec && token.name !== 'help') return new UsageError(`unknown option '${token.rawName}' ${hint}`, command.name);
    if (spec?.type === 'integer' || spec?.type === 'string') {
      if (token.value === undefined) return new UsageError(`--${token.name} expects a value ${hint}`, command.name);
      if (spec.type === 'integer') {
        try {
          parseInteger(command, token.name, spec, token.value);
        } catch (e) {
          if (e instanceof UsageError) return e;
          throw e;
        }
      }
    } else if (token.inlineValue) {
      return new UsageError(`${token.rawName} takes no value, got '${token.rawName}=${token.value}'`, command.name);
    }
  }
  // Not found again: fall back to the first line of parseArgs' own message.
  return new UsageError(`${error.message.split('\n')[0]} ${hint}`, command.name);
}

function isParseArgsError(error: unknown): error is Error {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

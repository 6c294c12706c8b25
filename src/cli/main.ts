#!/usr/bin/env node
/**
 * The `chimney` command: dispatch to a command, turn bad input into one line and exit code 2, and a
 * bug into `internal error` with its stack and exit code 70. `runCli` does all of it without touching
 * the process, so tests call it directly; the guarded block at the end runs it as a program, with
 * colour decided from `--color` / `--no-color` and the environment, a progress line on a terminal,
 * and every line written with control characters it did not put there itself escaped.
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { shouldUseColor, visibleStyledText, visibleText } from '../index.js';
import type { CliIo } from './CliIo.js';
import { COMMANDS, findCommand, PROGRAM, type CommandName, type OptionValues } from './commands.js';
import { runCheckCommand } from './check.js';
import { runExploreCommand } from './explore.js';
import { runCoverageCommand } from './coverage.js';
import { runDemoCommand } from './demo.js';
import { runDiagramCommand } from './diagram.js';
import { runReportCommand } from './report.js';
import { runRunCommand } from './run.js';
import { runSchemaCommand } from './schema.js';
import { runStatesCommand } from './states.js';
import { runTableCommand } from './table.js';
import { runValidateCommand } from './validate.js';
import { EXIT } from './exitCodes.js';
import { formatCommandHelp, formatProgramHelp } from './help.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { ProgressLine } from './ProgressLine.js';
import { takeColorFlags } from './colorFlags.js';
import { UsageError } from './UsageError.js';

export type { CliIo } from './CliIo.js';

/** What runs each command, given its parsed options and its positional arguments. */
type Runner<K extends CommandName> = (values: OptionValues<(typeof COMMANDS)[K]['options']>, io: CliIo, positionals: readonly string[]) => number;

const RUNNERS: { [K in CommandName]: Runner<K> } = {
  demo: runDemoCommand,
  states: runStatesCommand,
  diagram: runDiagramCommand,
  run: runRunCommand,
  table: runTableCommand,
  report: runReportCommand,
  validate: runValidateCommand,
  check: runCheckCommand,
  explore: runExploreCommand,
  coverage: runCoverageCommand,
  schema: runSchemaCommand,
};

/** Runs the CLI on `argv` (the arguments after the program name) and returns the exit code. */
export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    const { args, choice } = takeColorFlags(argv);
    return dispatch(args, choice === 'auto' ? io : { ...io, color: choice === 'always' });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(error.format(PROGRAM));
      return EXIT.USAGE;
    }
    const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    const [first, ...rest] = text.split('\n');
    io.stderr(visibleText(`${PROGRAM}: internal error: ${first ?? ''}`));
    for (const line of rest) io.stderr(visibleText(line));
    return EXIT.INTERNAL;
  }
}

function dispatch(argv: readonly string[], io: CliIo): number {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(`${PROGRAM}: missing command (try '${PROGRAM} --help')`);
    writeLines(io.stdout, formatProgramHelp());
    return EXIT.USAGE;
  }
  if (first === '--help' || first === '-h') {
    writeLines(io.stdout, formatProgramHelp());
    return EXIT.OK;
  }
  if (first === 'help') return runHelp(rest, io);
  if (first === '--version' || first === '-v') {
    io.stdout(readVersion());
    return EXIT.OK;
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option '${first}' (try '${PROGRAM} --help')`);
  const command = findCommand(first);
  if (!command) throw new UsageError(`unknown command '${first}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
  return runCommand(command.name, rest, io);
}

function runCommand<K extends CommandName>(name: K, args: readonly string[], io: CliIo): number {
  const command = COMMANDS[name];
  const parsed = parseCommandArgs(command, args);
  if (parsed.help) {
    writeLines(io.stdout, formatCommandHelp(command));
    return EXIT.OK;
  }
  return RUNNERS[name](parsed.values as OptionValues<(typeof COMMANDS)[K]['options']>, io, parsed.positionals);
}

/** `chimney help` is `chimney --help`; `chimney help run` is `chimney run --help`. */
function runHelp(args: readonly string[], io: CliIo): number {
  const [name, extra] = args;
  if (name === undefined) {
    writeLines(io.stdout, formatProgramHelp());
    return EXIT.OK;
  }
  const command = findCommand(name);
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})`, 'help');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}' (try '${PROGRAM} help ${name}')`, 'help');
  writeLines(io.stdout, formatCommandHelp(command));
  return EXIT.OK;
}

function writeLines(write: (line: string) => void, lines: readonly string[]): void {
  for (const line of lines) write(line);
}

/** The version in package.json (two levels up from both src/cli and dist/cli). */
function readVersion(): string {
  const pkg = createRequire(import.meta.url)('../../package.json') as { version?: unknown };
  return String(pkg.version);
}

/** True when this module is the script node was started with (also through an npm bin symlink). */
function isEntryScript(moduleUrl: string, argv1: string | undefined): boolean {
  if (!argv1) return false;
  try {
    return pathToFileURL(realpathSync(argv1)).href === moduleUrl;
  } catch {
    return false;
  }
}

if (isEntryScript(import.meta.url, process.argv[1])) {
  // `chimney demo | head`: a closed pipe ends the program quietly instead of with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit();
    throw error;
  });
  const env = process.env;
  const onTerminal = (stream: NodeJS.WriteStream) => stream.isTTY === true && env['TERM'] !== 'dumb';
  // Progress only where a person watches (standard error on a terminal), never on a pipe.
  const progress = onTerminal(process.stderr) ? new ProgressLine(process.stderr) : undefined;
  const stdoutShared = progress !== undefined && onTerminal(process.stdout);
  process.exitCode = runCli(process.argv.slice(2), {
    stdout: (line) => {
      if (stdoutShared) progress.clear();
      process.stdout.write(visibleStyledText(line) + '\n');
    },
    stderr: (line) => {
      progress?.clear();
      process.stderr.write(visibleStyledText(line) + '\n');
    },
    color: shouldUseColor(process.stdout, env),
    stdoutBytes: (bytes) => process.stdout.write(bytes),
    stdoutIsTerminal: process.stdout.isTTY === true,
    ...(progress ? { progress: (text: string | undefined) => progress.update(text) } : {}),
  });
}

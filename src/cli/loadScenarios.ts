/**
 * What `chimney run` and `chimney validate` share: the files and folders given become scenario files,
 * each is read and parsed, and every problem of every file is collected (never just the first). A
 * missing path is a one-line usage error. A file is read with a hard byte limit (LIMITS.bytes) and
 * only if it is a regular file (symlinks followed), so `/dev/zero` or a FIFO costs nothing; what cannot
 * be read is one problem naming the file. `-` is standard input (one scenario, shown as `<stdin>`).
 */
import {
  findScenarioFiles,
  LIMITS,
  parseScenario,
  ScenarioInputError,
  type ParsedScenario,
  type ScenarioProblem,
} from '../index.js';
import { bytesText, readBoundedFd, readBoundedFile, type BoundedRead } from './readBoundedFile.js';
import { decodeScenarioText } from './decodeScenarioText.js';
import { UsageError } from './UsageError.js';

/** The positional argument that means standard input. */
export const STDIN_ARGUMENT = '-';
/** How standard input is named in messages (`<stdin>:3:5: ...`). */
export const STDIN_NAME = '<stdin>';

export interface LoadedScenarios {
  /** The scenario files found, in order, without repeats (`-` as given). */
  files: string[];
  /** The files that parsed and checked, in the same order. */
  parsed: ParsedScenario[];
  /** Every problem of every file that did not. */
  problems: ScenarioProblem[];
}

/** Where a scenario is read from when it is `-`: standard input's descriptor (tests pass another). */
export interface InputSource {
  stdinFd?: number;
}

/** The scenario files under `paths`; UsageError (exit 2, one line) for a missing path or none found. */
export function expandScenarioPaths(command: string, paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (p === STDIN_ARGUMENT) {
      files.push(p);
      continue;
    }
    try {
      files.push(...findScenarioFiles([p]));
    } catch (error) {
      if (error instanceof RangeError || isFsError(error)) throw new UsageError(oneLine(error), command);
      throw error;
    }
  }
  if (files.length === 0) throw new UsageError(`no scenario files (.yaml, .yml, .json) in ${paths.join(', ')}`, command);
  return [...new Set(files)];
}

/** Reads and parses every scenario under `paths`. */
export function loadScenarios(command: string, paths: readonly string[], source: InputSource = {}): LoadedScenarios {
  const files = expandScenarioPaths(command, paths);
  const parsed: ParsedScenario[] = [];
  const problems: ScenarioProblem[] = [];
  for (const file of files) {
    const result = loadScenario(file, source);
    if ('problems' in result) problems.push(...result.problems);
    else parsed.push(result.parsed);
  }
  return { files, parsed, problems };
}

/** One file (or `-`), parsed, or its problems. */
export function loadScenario(file: string, source: InputSource = {}): { parsed: ParsedScenario } | { problems: readonly ScenarioProblem[] } {
  const stdin = file === STDIN_ARGUMENT;
  const name = stdin ? STDIN_NAME : file;
  const whole = (message: string) => ({ problems: [{ file: name, message }] });
  const read = stdin ? readBoundedFd(source.stdinFd ?? 0, LIMITS.bytes) : readBoundedFile(file, LIMITS.bytes);
  if (read.kind !== 'read') return whole(unreadable(read, 'scenario', LIMITS.bytes, stdin ? 'standard input' : 'the file'));
  if (read.bytes.length === 0) return whole(`${stdin ? 'standard input' : 'the file'} is empty (expected a scenario: a map with description, connections and steps)`);
  const decoded = decodeScenarioText(read.bytes);
  if ('problem' in decoded) return whole(decoded.problem);
  try {
    return { parsed: parseScenario(decoded.text, name) };
  } catch (error) {
    if (error instanceof ScenarioInputError) return { problems: error.problems };
    throw error;
  }
}

/** Why a file was not read, in words (without the path): `not a regular file (a character device)`. */
export function unreadable(read: Exclude<BoundedRead, { kind: 'read' }>, what: string, limit: number, subject = 'the file'): string {
  switch (read.kind) {
    case 'not-regular':
      return `not a regular file (${read.what})`;
    case 'too-big':
      return `${subject} has ${read.size ?? `more than ${limit}`} bytes; a ${what} may have at most ${bytesText(limit)}`;
    case 'error':
      return `cannot read ${subject} (${read.code})`;
  }
}

/** An error from node:fs (ENOENT, EACCES, EISDIR ...). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).syscall !== undefined;
}

function oneLine(error: Error): string {
  return error.message.split('\n')[0] ?? '';
}

/**
 * What `chimney run` and `chimney validate` share: the files and folders given become scenario files,
 * each is read and parsed, and every problem of every file is collected (never just the first). A
 * missing path is a one-line usage error; a file that cannot be read is a problem at 1:1 of it.
 */
import { readFileSync, statSync } from 'node:fs';
import {
  findScenarioFiles,
  LIMITS,
  parseScenario,
  ScenarioInputError,
  type ParsedScenario,
  type ScenarioProblem,
} from '../index.js';
import { UsageError } from './UsageError.js';

export interface LoadedScenarios {
  /** The scenario files found, in order, without repeats. */
  files: string[];
  /** The files that parsed and checked, in the same order. */
  parsed: ParsedScenario[];
  /** Every problem of every file that did not. */
  problems: ScenarioProblem[];
}

/** The scenario files under `paths`; UsageError (exit 2, one line) for a missing path or none found. */
export function expandScenarioPaths(command: string, paths: readonly string[]): string[] {
  let files: string[];
  try {
    files = findScenarioFiles(paths);
  } catch (error) {
    if (error instanceof RangeError || isFsError(error)) throw new UsageError(oneLine(error), command);
    throw error;
  }
  if (files.length === 0) throw new UsageError(`no scenario files (.yaml, .yml, .json) in ${paths.join(', ')}`, command);
  return [...new Set(files)];
}

/** Reads and parses every scenario under `paths`. */
export function loadScenarios(command: string, paths: readonly string[]): LoadedScenarios {
  const files = expandScenarioPaths(command, paths);
  const parsed: ParsedScenario[] = [];
  const problems: ScenarioProblem[] = [];
  for (const file of files) {
    const result = loadScenario(file);
    if ('problems' in result) problems.push(...result.problems);
    else parsed.push(result.parsed);
  }
  return { files, parsed, problems };
}

/** One file, parsed, or its problems. */
export function loadScenario(file: string): { parsed: ParsedScenario } | { problems: readonly ScenarioProblem[] } {
  const at = (message: string) => ({ problems: [{ file, line: 1, col: 1, message }] });
  let text: string;
  try {
    // Refuse a file far over the limit before reading it (parseScenario counts characters; UTF-8 has up to 4 bytes each).
    const size = statSync(file).size;
    if (size > 4 * LIMITS.bytes) return at(`the file has ${size} bytes; a scenario may have at most ${LIMITS.bytes} characters`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isFsError(error)) return at(`cannot read the file (${error.code})`);
    throw error;
  }
  try {
    return { parsed: parseScenario(text, file) };
  } catch (error) {
    if (error instanceof ScenarioInputError) return { problems: error.problems };
    throw error;
  }
}

/** An error from node:fs (ENOENT, EACCES, EISDIR ...). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).syscall !== undefined;
}

function oneLine(error: Error): string {
  return error.message.split('\n')[0] ?? '';
}

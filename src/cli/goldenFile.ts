/**
 * The golden file of a scenario on disk: read and compared with a run's trace, or written from it.
 * Comparison is the scenario library's (`compareGolden`); this file only does the I/O around it. A
 * golden file is read like a scenario: only a regular file, with a hard byte limit (LIMITS.goldenBytes).
 */
import { closeSync, constants, fstatSync, ftruncateSync, openSync, statSync, writeFileSync } from 'node:fs';
import { compareGolden, goldenPathFor, goldenText, LIMITS, type GoldenComparison, type TraceEvent } from '../index.js';
import { isFsError, unreadable } from './loadScenarios.js';
import { fileKind, readBoundedFile } from './readBoundedFile.js';

export type GoldenCheck =
  /** The file exists; how it compares. */
  | { kind: 'compared'; path: string; comparison: GoldenComparison }
  /** There is no golden file for this scenario. */
  | { kind: 'missing'; path: string }
  /** The file exists but was not read: why, in words (`not a regular file (a FIFO)`, too big, EACCES ...). */
  | { kind: 'unreadable'; path: string; reason: string };

/** Compares the trace with the scenario's golden file. */
export function checkGolden(scenarioFile: string, events: readonly TraceEvent[]): GoldenCheck {
  const path = goldenPathFor(scenarioFile);
  const read = readBoundedFile(path, LIMITS.goldenBytes);
  if (read.kind === 'error' && read.code === 'ENOENT') return { kind: 'missing', path };
  if (read.kind !== 'read') return { kind: 'unreadable', path, reason: unreadable(read, 'golden trace', LIMITS.goldenBytes) };
  // A checkout that turned line ends into CRLF still matches (JSON text never holds a raw CR).
  const expected = read.bytes.toString('utf8').replace(/\r\n/g, '\n');
  return { kind: 'compared', path, comparison: compareGolden(expected, goldenText(events)) };
}

/**
 * Writes the trace as the scenario's golden file; the path written, or why not in words
 * (`cannot write the file (EACCES)`, `not a regular file (a FIFO)`). Opened without blocking and checked before anything is written, so a
 * FIFO or a device in its place is refused instead of waited on or written to.
 */
export function writeGolden(scenarioFile: string, events: readonly TraceEvent[]): { path: string; error?: string } {
  const path = goldenPathFor(scenarioFile);
  let fd: number | undefined;
  try {
    // A FIFO without a reader would not even open (ENXIO): say what it is.
    const existing = statSync(path, { throwIfNoEntry: false });
    if (existing && !existing.isFile()) return { path, error: `not a regular file (${fileKind(existing)})` };
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | (constants.O_NONBLOCK ?? 0), 0o666);
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { path, error: `not a regular file (${fileKind(stats)})` };
    ftruncateSync(fd, 0);
    writeFileSync(fd, goldenText(events));
    return { path };
  } catch (error) {
    if (isFsError(error)) return { path, error: `cannot write the file (${error.code})` };
    throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The golden file of a scenario on disk: read and compared with a run's trace, or written from it.
 * Comparison is the scenario library's (`compareGolden`); this file only does the I/O around it. A
 * golden file is read like a scenario: only a regular file, with a hard byte limit (LIMITS.goldenBytes).
 */
import { writeFileSync } from 'node:fs';
import { compareGolden, goldenPathFor, goldenText, LIMITS, type GoldenComparison, type TraceEvent } from '../index.js';
import { isFsError, unreadable } from './loadScenarios.js';
import { readBoundedFile } from './readBoundedFile.js';

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

/** Writes the trace as the scenario's golden file; the path written, or the error code. */
export function writeGolden(scenarioFile: string, events: readonly TraceEvent[]): { path: string; error?: string } {
  const path = goldenPathFor(scenarioFile);
  try {
    writeFileSync(path, goldenText(events));
    return { path };
  } catch (error) {
    if (isFsError(error)) return { path, error: error.code };
    throw error;
  }
}

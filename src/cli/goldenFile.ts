/**
 * The golden file of a scenario on disk: read and compared with a run's trace, or written from it.
 * Comparison is the scenario library's (`compareGolden`); this file only does the I/O around it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compareGolden, goldenPathFor, goldenText, type GoldenComparison, type TraceEvent } from '../index.js';
import { isFsError } from './loadScenarios.js';

export type GoldenCheck =
  /** The file exists; how it compares. */
  | { kind: 'compared'; path: string; comparison: GoldenComparison }
  /** There is no golden file for this scenario. */
  | { kind: 'missing'; path: string }
  /** The file exists but could not be read (EACCES ...). */
  | { kind: 'unreadable'; path: string; code: string };

/** Compares the trace with the scenario's golden file. */
export function checkGolden(scenarioFile: string, events: readonly TraceEvent[]): GoldenCheck {
  const path = goldenPathFor(scenarioFile);
  let expected: string;
  try {
    expected = readFileSync(path, 'utf8');
  } catch (error) {
    if (isFsError(error) && error.code === 'ENOENT') return { kind: 'missing', path };
    if (isFsError(error)) return { kind: 'unreadable', path, code: error.code };
    throw error;
  }
  // A checkout that turned line ends into CRLF still matches (JSON text never holds a raw CR).
  return { kind: 'compared', path, comparison: compareGolden(expected.replace(/\r\n/g, '\n'), goldenText(events)) };
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

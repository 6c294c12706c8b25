/**
 * Golden traces: `name.trace.jsonl` beside `name.yaml` holds the expected trace as JSON Lines. A run
 * is compared event by event; the first difference is reported as expected vs actual.
 */

/** The golden file of a scenario file. */
export function goldenPathFor(scenarioFile: string): string {
  return scenarioFile.replace(/\.(ya?ml|json)$/i, '') + '.trace.jsonl';
}

export type GoldenComparison =
  | { same: true }
  | { same: false; line: number; expected: string; actual: string };

/** Compares two JSON Lines texts; the first differing line (1-based), or `same`. */
export function compareGolden(expectedText: string, actualText: string): GoldenComparison {
  const lines = (text: string) => (text === '' ? [] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n'));
  const expected = lines(expectedText);
  const actual = lines(actualText);
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i]) {
      return { same: false, line: i + 1, expected: expected[i] ?? '(end of trace)', actual: actual[i] ?? '(end of trace)' };
    }
  }
  return { same: true };
}

/** The golden text of a run: its trace as JSON Lines. */
export { traceToJsonLines as goldenText } from '../trace/toJson.js';

/**
 * `chimney demo`'s parsed options mapped onto the demo tour's options. Kept apart from `demo.ts` so
 * the mapping can be tested without loading the tour.
 */
import type { DemoOptions } from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';

/** The options of `chimney demo`, parsed. */
export type DemoCommandValues = OptionValues<(typeof COMMANDS)['demo']['options']>;

/** What `runDemoTour` takes (a type-only import: the tour is not loaded here). */
export type DemoTourOptions = DemoOptions;

/** The tour's options: narration goes to stdout, coloured only when wanted and never as JSON; a seed races the tour. */
export function toDemoTourOptions(values: DemoCommandValues, io: CliIo): DemoTourOptions {
  return {
    intermediateDrivers: values.im,
    ...(values.seed === undefined ? {} : { seed: values.seed }),
    table: values.table,
    json: values.json,
    write: (line) => io.stdout(line),
    color: io.color === true && !values.json,
  };
}

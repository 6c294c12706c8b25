/** `chimney demo`: runs the demo tour with the parsed options and returns its exit code. */
import { runDemoTour } from '../index.js';
import type { CliIo } from './CliIo.js';
import { toDemoTourOptions, type DemoCommandValues } from './demoTourOptions.js';

export type { DemoCommandValues } from './demoTourOptions.js';

/** 0 when every rule held, 1 when one was violated. */
export function runDemoCommand(values: DemoCommandValues, io: CliIo): number {
  return runDemoTour(toDemoTourOptions(values, io));
}

/** `chimney run --pcap <file>`: the run's wire written as a pcapng capture; this file only does the I/O around `pcapngOf`. */
import { writeFileSync } from 'node:fs';
import { pcapngOf, type Simulation } from '../index.js';
import { isFsError } from './loadScenarios.js';

/** Writes the capture of `sim`'s wire to `path`; how many bytes were written, or the error code. */
export function writeCapture(path: string, sim: Simulation): { bytes: number; error?: undefined } | { error: string } {
  const capture = pcapngOf(sim);
  try {
    writeFileSync(path, capture);
    return { bytes: capture.length };
  } catch (error) {
    if (isFsError(error)) return { error: error.code };
    throw error;
  }
}

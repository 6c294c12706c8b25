/**
 * What `chimney check` and `chimney explore` share: the driver options (--driver, --target, --fault)
 * checked and named, a break reported with its story, and a handler that never returned reported with
 * the run that called it.
 */
import {
  checkModuleFile, DriverModuleError, FAULT_NAMES, printStep, writeHangScenario, type Counterexample, type DriverFiles, type FaultName, type WorkerOutcome, type WrittenCounterexample,
} from '../index.js';
import type { CliIo } from './CliIo.js';
import { UsageError } from './UsageError.js';

export interface DriverValues {
  /** The command (`check`, `explore`), for the prefix of its usage errors. */
  command: 'check' | 'explore';
  driver: string | undefined;
  target: string | undefined;
  fault: string | undefined;
  ims: number;
  out: string;
}

/** The modules by file, and the catalogue faults named by --fault (each checked). */
export function driverRequest(values: DriverValues): DriverFiles & { faults: FaultName[] } {
  const faults = (values.fault ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of faults) if (!FAULT_NAMES.includes(f as FaultName)) throw new UsageError(`--fault ${f}: not a fault of the catalogue (expected one of ${FAULT_NAMES.join(', ')})`, values.command);
  if (values.ims < (values.driver ? 1 : 0)) throw new UsageError(`--ims ${values.ims}: checking an intermediate driver needs at least 1`, values.command);
  for (const file of [values.driver, values.target]) {
    try {
      if (file !== undefined) checkModuleFile(file); // before the header and the worker: a missing file is one line at once
    } catch (e) {
      if (e instanceof DriverModuleError) throw new UsageError(e.message, values.command);
      throw e;
    }
  }
  return { ...(values.driver ? { driverFile: values.driver } : {}), ...(values.target ? { targetFile: values.target } : {}), faults: faults as FaultName[] };
}

/** `intermediate driver my-im.ts, fault x`, or `the reference drivers`. */
export function whatIsChecked(values: Pick<DriverValues, 'driver' | 'target'>, faults: readonly string[]): string {
  return [
    values.driver ? `intermediate driver ${values.driver}` : '',
    values.target ? `target ${values.target}` : '',
    faults.length ? `fault ${faults.join(', ')}` : '',
  ].filter(Boolean).join(', ') || 'the reference drivers';
}

export const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The break, its story step by step, and where it was written. */
export function reportCounterexample(io: CliIo, cx: Counterexample, how: string, written: WrittenCounterexample | undefined): void {
  io.stdout(`✗ ${cx.invariant} broken: ${cx.message.startsWith(`${cx.invariant}: `) ? cx.message.slice(cx.invariant.length + 2) : cx.message}`);
  io.stdout(`  ${how}, shrunk to ${plural(cx.steps, 'step')} (${cx.outOfOrder} out of FIFO order), ${plural(cx.connections, 'connection')}, ${plural(cx.ims, 'intermediate driver')}:`);
  cx.scenario.steps.forEach((s, i) => io.stdout(`  ${String(i + 1).padStart(3)}. ${printStep(s)}`));
  if (written) {
    io.stdout(`wrote ${written.file} and its golden trace ${written.golden}`);
    io.stdout(`replay:   ${written.replay}`);
  }
}

/** A handler that never returned: reported with the run that called it, written as a scenario (without a golden trace: replaying it calls the handler again). */
export function reportHang(values: DriverValues, io: CliIo, hang: Extract<WorkerOutcome, { kind: 'hung' }>): void {
  io.stdout(`✗ driver-returns-in-time broken: your driver did not return from ${hang.handler} within ${hang.ms} ms`);
  if (!hang.config) return;
  io.stdout(`  in this run (${plural(hang.steps.length, 'step')}; the last one called ${hang.handler}):`);
  hang.steps.forEach((s, i) => io.stdout(`  ${String(i + 1).padStart(3)}. ${printStep(s)}`));
  const file = `${values.out}/driver-returns-in-time.yaml`;
  writeHangScenario(file, hang.config, hang.steps, { ...(values.driver ? { driver: values.driver } : {}), ...(values.target ? { target: values.target } : {}) }, hang.handler, hang.ms);
  io.stdout(`wrote ${file} (no golden trace: replaying it calls ${hang.handler} again, and chimney run has no watchdog)`);
}

/** What a worker that failed means for the command: a usage error, a hang (reported), or a bug. */
export function failedWorker(values: DriverValues, io: CliIo, outcome: Extract<WorkerOutcome, { kind: 'error' | 'stalled' | 'hung' }>): 'hung' {
  switch (outcome.kind) {
    case 'error':
      if (outcome.usage) throw new UsageError(outcome.message, values.command);
      throw new Error(outcome.message);
    case 'stalled':
      throw new Error(`a worker stopped responding for ${Math.round(outcome.ms / 1000)} s (out of memory?)`);
    case 'hung':
      reportHang(values, io, outcome);
      return 'hung';
  }
}

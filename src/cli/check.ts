/**
 * `chimney check --driver <module> [--target <module>] ...`: random runs against your intermediate
 * driver or target, every invariant judged after every step; the first break is shrunk and written as a
 * scenario `chimney run` replays. Exit 0 when nothing broke, 1 when a counterexample was written, 2 when
 * a module cannot be used (one line naming it).
 */
import {
  checkInWorker, FAULT_NAMES, printStep, RULEBOOK, writeHangScenario, type CheckOutcome, type CheckRequest, type FaultName,
} from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { EXIT } from './exitCodes.js';
import { UsageError } from './UsageError.js';

type CheckValues = OptionValues<(typeof COMMANDS)['check']['options']>;

export function runCheckCommand(values: CheckValues, io: CliIo): number {
  const request = checkRequest(values);
  const what = [
    values.driver ? `intermediate driver ${values.driver}` : '',
    values.target ? `target ${values.target}` : '',
    request.faults?.length ? `fault ${request.faults.join(', ')}` : '',
  ].filter(Boolean).join(', ') || 'the reference drivers';
  io.stdout(`chimney check: ${what}; up to ${values.ims} intermediate driver${values.ims === 1 ? '' : 's'}, ${values.connections} connection${values.connections === 1 ? '' : 's'}, ${values.steps} steps per run; ${values.runs.toLocaleString('en-US')} runs, seed ${request.seed}`);
  const outcome = checkInWorker(request, { timeoutMs: values.timeout });
  switch (outcome.kind) {
    case 'error':
      if (outcome.usage) throw new UsageError(outcome.message);
      throw new Error(outcome.message);
    case 'stalled':
      throw new Error(`the worker running the check stopped responding for ${Math.round(outcome.ms / 1000)} s (out of memory?)`);
    case 'hung':
      return reportHang(values, io, outcome);
    case 'done':
      break;
  }
  const { result, written } = outcome;
  const cx = result.counterexample;
  if (!cx || !written) {
    io.stdout(`✓ no invariant broken in ${result.runs.toLocaleString('en-US')} runs (${result.invariants.length} invariants, the rulebook's ${RULEBOOK.length} rules among them)`);
    return EXIT.OK;
  }
  io.stdout(`✗ ${cx.invariant} broken: ${cx.message.startsWith(`${cx.invariant}: `) ? cx.message.slice(cx.invariant.length + 2) : cx.message}`);
  io.stdout(`  found at run ${result.runs}, shrunk to ${cx.steps} steps (${cx.outOfOrder} out of FIFO order), ${cx.connections} connection${cx.connections === 1 ? '' : 's'}, ${cx.ims} intermediate driver${cx.ims === 1 ? '' : 's'}:`);
  cx.scenario.steps.forEach((s, i) => io.stdout(`  ${String(i + 1).padStart(3)}. ${printStep(s)}`));
  io.stdout(`wrote ${written.file} and its golden trace ${written.golden}`);
  io.stdout(`replay:   ${written.replay}`);
  io.stdout(`re-check: chimney check ${recheckArgs(values, request.seed!)}`);
  return EXIT.VIOLATION; // a counterexample was written
}

/** A handler that never returned: reported with the run that called it, written as a scenario (without a golden trace: replaying it calls the handler again). */
function reportHang(values: CheckValues, io: CliIo, hang: Extract<CheckOutcome, { kind: 'hung' }>): number {
  const who = hang.handler === 'init' ? 'init' : hang.handler;
  io.stdout(`✗ driver-returns-in-time broken: your driver did not return from ${who} within ${hang.ms} ms`);
  io.stdout(`  in this run (${hang.steps.length} step${hang.steps.length === 1 ? '' : 's'}; the last one called ${who}):`);
  hang.steps.forEach((s, i) => io.stdout(`  ${String(i + 1).padStart(3)}. ${printStep(s)}`));
  if (hang.config) {
    const file = `${values.out}/driver-returns-in-time.yaml`;
    writeHangScenario(file, hang.config, hang.steps, { ...(values.driver ? { driver: values.driver } : {}), ...(values.target ? { target: values.target } : {}) }, who, hang.ms);
    io.stdout(`wrote ${file} (no golden trace: replaying it calls ${who} again, and chimney run has no watchdog)`);
  }
  return EXIT.VIOLATION;
}

function checkRequest(values: CheckValues): CheckRequest {
  const faults = (values.fault ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of faults) if (!FAULT_NAMES.includes(f as FaultName)) throw new UsageError(`--fault ${f}: not a fault of the catalogue (expected one of ${FAULT_NAMES.join(', ')})`);
  if (values.ims < (values.driver ? 1 : 0)) throw new UsageError(`--ims ${values.ims}: checking an intermediate driver needs at least 1`);
  return {
    ...(values.driver ? { driverFile: values.driver } : {}),
    ...(values.target ? { targetFile: values.target } : {}),
    faults: faults as FaultName[],
    ims: values.ims,
    connections: values.connections,
    runs: values.runs,
    steps: values.steps,
    seed: values.seed ?? (Math.random() * 0x7fffffff) | 0,
    out: values.out,
  };
}

function recheckArgs(values: CheckValues, seed: number): string {
  const args = [
    values.driver ? `--driver ${values.driver}` : '', values.target ? `--target ${values.target}` : '', values.fault ? `--fault ${values.fault}` : '',
    `--ims ${values.ims}`, `--connections ${values.connections}`, `--steps ${values.steps}`, `--runs ${values.runs}`, `--seed ${seed}`,
  ];
  return args.filter(Boolean).join(' ');
}

/**
 * `chimney check --driver <module> [--target <module>] ...`: random runs against your intermediate
 * driver or target, every invariant judged after every step; the first break is shrunk and written as a
 * scenario `chimney run` replays. Exit 0 when nothing broke, 1 when a counterexample was written, 2 when
 * a module cannot be used (one line naming it).
 */
import {
  checkDriver, DriverModuleError, DriverShapeError, FAULT_NAMES, loadDriverModule, printStep, writeCounterexample,
  type CheckOptions, type FaultName, type UserInvariant,
} from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { EXIT } from './exitCodes.js';
import { UsageError } from './UsageError.js';

type CheckValues = OptionValues<(typeof COMMANDS)['check']['options']>;

export function runCheckCommand(values: CheckValues, io: CliIo): number {
  const options = checkOptions(values);
  const what = [
    values.driver ? `intermediate driver ${values.driver}` : '',
    values.target ? `target ${values.target}` : '',
    options.faults?.length ? `fault ${options.faults.join(', ')}` : '',
  ].filter(Boolean).join(', ') || 'the reference drivers';
  io.stdout(`chimney check: ${what}; up to ${values.ims} intermediate driver${values.ims === 1 ? '' : 's'}, ${values.connections} connection${values.connections === 1 ? '' : 's'}, ${values.steps} steps per run; ${values.runs.toLocaleString('en-US')} runs, seed ${options.seed}`);
  let result;
  try {
    result = checkDriver(options);
  } catch (e) {
    if (e instanceof DriverShapeError) throw new UsageError(e.message);
    throw e;
  }
  const cx = result.counterexample;
  if (!cx) {
    io.stdout(`✓ no invariant broken in ${result.runs.toLocaleString('en-US')} runs (${result.invariants.length} invariants and every rule of the rulebook)`);
    return EXIT.OK;
  }
  io.stdout(`✗ ${cx.invariant} broken: ${cx.message.startsWith(`${cx.invariant}: `) ? cx.message.slice(cx.invariant.length + 2) : cx.message}`);
  io.stdout(`  found at run ${result.runs}, shrunk to ${cx.steps} steps (${cx.outOfOrder} out of FIFO order), ${cx.connections} connection${cx.connections === 1 ? '' : 's'}, ${cx.ims} intermediate driver${cx.ims === 1 ? '' : 's'}:`);
  cx.scenario.steps.forEach((s, i) => io.stdout(`  ${String(i + 1).padStart(3)}. ${printStep(s)}`));
  const written = writeCounterexample(cx, values.out, options);
  io.stdout(`wrote ${written.file} and its golden trace ${written.golden}`);
  io.stdout(`replay:   ${written.replay}`);
  io.stdout(`re-check: chimney check ${recheckArgs(values, options.seed!)}`);
  return EXIT.VIOLATION; // a counterexample was written
}

function checkOptions(values: CheckValues): CheckOptions {
  const invariants: UserInvariant[] = [];
  const load = <R extends 'intermediate driver' | 'target'>(file: string | undefined, role: R) => {
    if (file === undefined) return undefined;
    try {
      const loaded = loadDriverModule(file, role);
      invariants.push(...loaded.invariants);
      return loaded.driver;
    } catch (e) {
      if (e instanceof DriverModuleError) throw new UsageError(e.message);
      throw e;
    }
  };
  const faults = (values.fault ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of faults) if (!FAULT_NAMES.includes(f as FaultName)) throw new UsageError(`--fault ${f}: not a fault of the catalogue (expected one of ${FAULT_NAMES.join(', ')})`);
  if (values.ims < (values.driver ? 1 : 0)) throw new UsageError(`--ims ${values.ims}: checking an intermediate driver needs at least 1`);
  const intermediateDriver = load(values.driver, 'intermediate driver');
  const target = load(values.target, 'target');
  return {
    ...(intermediateDriver ? { intermediateDriver } : {}),
    ...(target ? { target } : {}),
    faults: faults as FaultName[],
    ims: values.ims,
    connections: values.connections,
    runs: values.runs,
    steps: values.steps,
    seed: values.seed ?? (Math.random() * 0x7fffffff) | 0,
    invariants,
    modules: { ...(values.driver ? { driver: values.driver } : {}), ...(values.target ? { target: values.target } : {}) },
  };
}

function recheckArgs(values: CheckValues, seed: number): string {
  const args = [
    values.driver ? `--driver ${values.driver}` : '', values.target ? `--target ${values.target}` : '', values.fault ? `--fault ${values.fault}` : '',
    `--ims ${values.ims}`, `--connections ${values.connections}`, `--steps ${values.steps}`, `--runs ${values.runs}`, `--seed ${seed}`,
  ];
  return args.filter(Boolean).join(' ');
}

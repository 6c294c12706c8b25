/**
 * `chimney check --driver <module> [--target <module>] ...`: random runs against your intermediate
 * driver or target, every invariant judged after every step; the first break is shrunk and written as a
 * scenario `chimney run` replays. Exit 0 when nothing broke, 1 when a counterexample was written, 2 when
 * a module cannot be used (one line naming it).
 */
import { RULEBOOK, watchWorkers, type CheckRequest } from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { driverRequest, failedWorker, plural, reportCounterexample, whatIsChecked } from './driverArgs.js';
import { EXIT } from './exitCodes.js';

type CheckValues = OptionValues<(typeof COMMANDS)['check']['options']>;

export function runCheckCommand(values: CheckValues, io: CliIo): number {
  const request: CheckRequest = {
    ...driverRequest({ ...values, command: 'check' }),
    ims: values.ims,
    connections: values.connections,
    runs: values.runs,
    steps: values.steps,
    seed: values.seed ?? (Math.random() * 0x7fffffff) | 0,
    out: values.out,
  };
  io.stdout(`chimney check: ${whatIsChecked(values, request.faults ?? [])}; up to ${plural(values.ims, 'intermediate driver')}, ${plural(values.connections, 'connection')}, ${values.steps} steps per run; ${plural(values.runs, 'run')}, seed ${request.seed}`);
  const outcome = watchWorkers([{ kind: 'check', request }], {
    timeoutMs: values.timeout,
    onProgress: (_, p) => io.progress?.(`chimney check: ${plural(p.runs ?? 0, 'run')} of ${values.runs.toLocaleString('en-US')}`),
  })[0]!;
  io.progress?.(undefined);
  if (outcome.kind === 'explored') throw new Error('a check worker answered with an exploration');
  if (outcome.kind !== 'checked') {
    failedWorker({ ...values, command: 'check' }, io, outcome);
    return EXIT.VIOLATION;
  }
  const { result, written } = outcome;
  const cx = result.counterexample;
  if (!cx) {
    io.stdout(`✓ no invariant broken in ${plural(result.runs, 'run')} (${result.invariants.length} invariants, the rulebook's ${RULEBOOK.length} rules among them)`);
    return EXIT.OK;
  }
  reportCounterexample(io, cx, `found at run ${result.runs}`, written);
  io.stdout(`re-check: chimney check ${recheckArgs(values, request.seed!)}`);
  return EXIT.VIOLATION; // a counterexample was written
}

function recheckArgs(values: CheckValues, seed: number): string {
  const args = [
    values.driver ? `--driver ${values.driver}` : '', values.target ? `--target ${values.target}` : '', values.fault ? `--fault ${values.fault}` : '',
    `--ims ${values.ims}`, `--connections ${values.connections}`, `--steps ${values.steps}`, `--runs ${values.runs}`, `--seed ${seed}`,
  ];
  return args.filter(Boolean).join(' ');
}

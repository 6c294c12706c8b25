/**
 * `chimney explore`: systematic search over the orders of events on your driver (or the reference
 * drivers, or a catalogue fault), in worker threads that this thread watches. Prints the report: what
 * was explored, which limit stopped it, the chance of a fingerprint collision, the coverage, and the
 * first break (for BFS a shortest one), written as a scenario.
 */
import { ACTION_KINDS, exploreWithWorkers, RULEBOOK, STRATEGIES, type ExploreReport, type ExploreRequest, type Strategy } from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { driverRequest, failedWorker, plural, reportCounterexample, whatIsChecked } from './driverArgs.js';
import { EXIT } from './exitCodes.js';
import { UsageError } from './UsageError.js';

type ExploreValues = OptionValues<(typeof COMMANDS)['explore']['options']>;

export function runExploreCommand(values: ExploreValues, io: CliIo): number {
  if (!STRATEGIES.includes(values.strategy as Strategy)) throw new UsageError(`--strategy ${values.strategy}: expected one of ${STRATEGIES.join(', ')}`, 'explore');
  const request: ExploreRequest = {
    ...driverRequest({ ...values, command: 'explore' }),
    connections: values.connections,
    ims: values.ims,
    depth: values.depth,
    maxStates: values['max-states'],
    timeMs: values.time * 1000,
    strategy: values.strategy as Strategy,
    ...(values.actions === undefined ? {} : { actions: values.actions.split(',').map((a) => a.trim()).filter(Boolean) }),
    pctDepth: values['pct-depth'],
    seed: values.seed,
    ...(values.shard === undefined ? {} : { shard: parseShard(values.shard) }),
    out: values.out,
  };
  const unknown = (request.actions ?? []).filter((a) => !(ACTION_KINDS as readonly string[]).includes(a));
  if (unknown.length) throw new UsageError(`--actions ${values.actions}: unknown action ${unknown.map((a) => `'${a}'`).join(', ')} (expected some of ${ACTION_KINDS.join(', ')})`, 'explore');
  const random = request.strategy === 'pct' || request.strategy === 'random';
  io.stdout(
    `chimney explore: ${whatIsChecked(values, request.faults ?? [])}; ${request.strategy}${random ? ` (seed ${values.seed}${request.strategy === 'pct' ? `, bug depth ${values['pct-depth']}` : ''})` : ''}, ` +
      `${plural(values.connections, 'connection')}, ${plural(values.ims, 'intermediate driver')}; depth ≤ ${values.depth}, ≤ ${plural(values['max-states'], 'state')}, ≤ ${values.time} s` +
      `${values.actions ? `; actions ${values.actions}` : ''}${values.workers > 1 ? `; ${values.workers} workers` : ''}${values.shard ? `; shard ${values.shard}` : ''}`,
  );
  const seen = new Map<number, { states: number; transitions: number }>();
  const outcome = exploreWithWorkers(request, values.workers, {
    timeoutMs: values.timeout,
    onProgress: (worker, p) => {
      seen.set(worker, { states: p.states ?? 0, transitions: p.transitions ?? 0 });
      const sum = (k: 'states' | 'transitions') => [...seen.values()].reduce((n, x) => n + x[k], 0);
      io.progress?.(`chimney explore: ${plural(sum('states'), 'state')}, ${plural(sum('transitions'), 'transition')}`);
    },
  });
  io.progress?.(undefined);
  if (outcome.kind !== 'explored') {
    failedWorker({ ...values, command: 'explore' }, io, outcome);
    return EXIT.VIOLATION;
  }
  const { report, written } = outcome;
  printReport(io, report, values.depth);
  if (!report.counterexample) {
    io.stdout('✓ no invariant broken');
    return EXIT.OK;
  }
  reportCounterexample(io, report.counterexample, `found by ${report.strategy}${report.strategy === 'bfs' ? ' (a shortest counterexample)' : ''}`, written);
  return EXIT.VIOLATION;
}

function printReport(io: CliIo, r: ExploreReport, depth: number): void {
  const seconds = r.elapsedMs / 1000;
  io.stdout(`explored ${plural(r.states, 'state')}, ${plural(r.transitions, 'transition')}, ${plural(r.schedules, 'schedule')} in ${seconds.toFixed(1)} s (${Math.round(r.transitions / Math.max(seconds, 0.001)).toLocaleString('en-US')} transitions/s); deepest level ${r.depth}`);
  io.stdout(`stopped by: ${STOPPED[r.stoppedBy].replace('DEPTH', String(depth))}`);
  io.stdout(`fingerprint collision: probability ${r.collisionProbability.toExponential(1)} (64-bit fingerprints, ${plural(r.states, 'state')})`);
  const c = r.coverage;
  io.stdout(`rules: ${c.rulesExercised.length} of ${RULEBOOK.length} exercised, ${c.rulesViolated.length} violated${c.rulesNeverReached.length ? `; never reached: ${c.rulesNeverReached.join(', ')}` : ''}`);
  io.stdout(`machine transitions seen (layer region: state --call--> state): ${c.transitions.length}`);
  for (const t of c.transitions) io.stdout(`  ${t}`);
  io.stdout(`crossings seen (caller → callee kind): ${c.crossings.join('; ')}`);
}

const STOPPED: Record<ExploreReport['stoppedBy'], string> = {
  none: 'nothing: every state was explored (the space is exhausted)',
  depth: 'the depth limit (DEPTH): every state up to it was explored',
  states: 'the state limit (--max-states)',
  time: 'the time limit (--time)',
  violation: 'a broken invariant',
};

function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) throw new UsageError(`--shard ${text}: expected i/n with 0 ≤ i < n (e.g. 0/4)`, 'explore');
  return { index, count };
}

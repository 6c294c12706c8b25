/**
 * `chimney coverage <file|dir>...`: replays the scenarios, reports per machine which (state × event)
 * pairs and transitions their traces took and which rules they exercised (a table, then each machine as
 * a Mermaid state diagram with the transitions never taken marked), then searches a shortest scenario
 * to each transition never taken and prints it (or writes it under --out, replayed first); what the
 * search does not reach within its bound is listed as not reached. Exit 0, or 2 for bad input.
 */
import {
  ACTION_KINDS, DriverModuleError, DriverShapeError, findMachine, formatCoverage, formatProblem, gapFileName, gapScenario, gapScenarioText,
  MACHINE_NAMES, MACHINES, markedStateDiagram, measureCoverage, runScenario, scenarioDrivers, ScenarioInputError, searchGaps,
  reachableStates, unvisitedTransitions, visibleText, writeGapScenario, type CoverageReport, type GapSearchResult, type MeasuredRun,
} from '../index.js';
import path from 'node:path';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { plural } from './driverArgs.js';
import { EXIT } from './exitCodes.js';
import { loadScenarios, STDIN_ARGUMENT } from './loadScenarios.js';
import { UsageError } from './UsageError.js';

type CoverageValues = OptionValues<(typeof COMMANDS)['coverage']['options']>;

export function runCoverageCommand(values: CoverageValues, io: CliIo, paths: readonly string[]): number {
  if (values.machine !== undefined && findMachine(values.machine) === undefined) {
    throw new UsageError(`--machine ${values.machine}: no such machine (expected one of ${MACHINE_NAMES.join(', ')})`, 'coverage');
  }
  const actions = values.actions?.split(',').map((a) => a.trim()).filter(Boolean);
  const unknown = (actions ?? []).filter((a) => !(ACTION_KINDS as readonly string[]).includes(a));
  if (actions !== undefined && (unknown.length > 0 || actions.length === 0)) {
    throw new UsageError(`--actions ${values.actions}: ${unknown.length > 0 ? `unknown action ${unknown.map((a) => `'${a}'`).join(', ')}` : 'no action named'} (expected some of ${ACTION_KINDS.join(', ')})`, 'coverage');
  }
  if (values['no-search'] && values.out !== undefined) throw new UsageError('--out and --no-search do not go together (--out writes what the search finds)', 'coverage');
  if (paths.includes(STDIN_ARGUMENT)) throw new UsageError(`coverage reads scenario files, not standard input ('${STDIN_ARGUMENT}')`, 'coverage');
  const { parsed, problems } = loadScenarios('coverage', paths, io);
  if (problems.length > 0) {
    for (const p of problems) io.stderr(formatProblem(p));
    return EXIT.USAGE;
  }
  const runs: MeasuredRun[] = [];
  let invalid = false;
  parsed.forEach((scenario, i) => {
    if (parsed.length > 1) io.progress?.(`chimney coverage: ${i + 1}/${parsed.length} ${scenario.file}`);
    try {
      runs.push({ name: scenario.file, events: runScenario(scenario, { drivers: scenarioDrivers(scenario) }).sim.trace.events });
    } catch (error) {
      if (error instanceof ScenarioInputError) error.problems.forEach((p) => io.stderr(formatProblem(p)));
      else if (error instanceof DriverModuleError || error instanceof DriverShapeError) io.stderr(visibleText(`${scenario.file}: topology: ${error.message}`));
      else throw error;
      invalid = true;
    }
  });
  io.progress?.(undefined);
  if (invalid) return EXIT.USAGE;

  const full = measureCoverage(runs);
  const report: CoverageReport = values.machine === undefined ? full : { ...full, machines: full.machines.filter((m) => m.name === values.machine) };
  io.stdout(visibleText(`chimney coverage: ${plural(runs.length, 'scenario')}${runs.length === 1 ? ` (${runs[0]!.name})` : ''}`));
  io.stdout('');
  for (const line of formatCoverage(report)) io.stdout(visibleText(line));
  io.stdout('');
  io.stdout('state diagrams (Mermaid stateDiagram-v2; "✗ never taken" marks a transition no scenario took, a dashed state one no scenario entered or left):');
  for (const m of report.machines) {
    io.stdout('');
    io.stdout(`%% ${m.name}`);
    for (const line of markedStateDiagram(MACHINES.find((x) => x.name === m.name)!, m).split('\n')) io.stdout(line);
  }
  const unvisited = unvisitedTransitions(report);
  const start = (name: string) => MACHINES.find((x) => x.name === name)!;
  const cannot = unvisited.filter((t) => !reachableStates(start(t.machine)).has(t.state));
  const gaps = unvisited.filter((t) => !cannot.includes(t));
  if (cannot.length > 0) {
    io.stdout('');
    io.stdout(`never reachable (${cannot.length}): no transition of the machine leads to their state from where the simulation starts the machine's objects, so no scenario can take them:`);
    for (const t of cannot) io.stdout(`  ✗ ${t.key} (the ${t.machine} machine starts in ${start(t.machine).drawFrom})`);
  }
  if (values['no-search'] || gaps.length === 0) {
    if (gaps.length === 0) io.stdout('\nevery transition was taken: nothing to search for');
    return EXIT.OK;
  }
  io.stdout('');
  io.progress?.(`chimney coverage: searching shortest scenarios to ${plural(gaps.length, 'transition')}`);
  const found = searchGaps(
    gaps.map((t) => t.key),
    { connections: values.connections, ims: values.ims, depth: values.depth, maxStates: values['max-states'], timeMs: values.time * 1000, ...(actions ? { actions } : {}) },
  );
  io.progress?.(undefined);
  io.stdout(searchLine(found, gaps.length));
  const missed = gaps.filter((t) => !found.paths.has(t.key));
  for (const t of gaps) {
    const steps = found.paths.get(t.key);
    if (steps === undefined) continue;
    const scenario = gapScenario(t, steps, found.bound);
    if (values.out !== undefined) {
      let file: string;
      try {
        file = writeGapScenario(t, scenario, values.out);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === undefined) throw error; // not the file system: a bug of coverage
        io.stderr(visibleText(`chimney coverage: cannot write into ${values.out} (${code}: ${(error as Error).message})`));
        return EXIT.USAGE;
      }
      io.stdout(visibleText(`  ✓ ${t.key}: ${plural(steps.length, 'step')}; wrote ${file} (replay: chimney run ${file})`));
    } else {
      io.stdout(`  ✓ ${t.key}: ${plural(steps.length, 'step')}, as ${gapFileName(t)}:`);
      for (const line of gapScenarioText(scenario, path.join('<dir>', gapFileName(t))).trimEnd().split('\n')) io.stdout(`      ${line}`);
    }
  }
  if (missed.length > 0) {
    const exhausted = found.stoppedBy === 'depth' || found.stoppedBy === 'none';
    io.stdout(
      `not reached within the bound (${missed.length}): ` +
        (exhausted
          ? `no scenario of at most ${found.depth} steps from this start takes them (a longer one, other actions, a fault or another start may):`
          : `the search stopped at depth ${found.depth} before reaching them (raise --max-states or --time):`),
    );
    for (const t of missed) io.stdout(`  ✗ ${t.key}`);
  }
  return EXIT.OK;
}

/** What the search did and why it stopped. */
function searchLine(r: GapSearchResult, gaps: number): string {
  const b = r.bound;
  const why = {
    found: 'every gap was reached',
    depth: `stopped by the depth limit (--depth ${b.depth})`,
    states: `stopped by the state limit (--max-states ${b.maxStates})`,
    time: `stopped by the time limit (--time ${b.timeMs / 1000})`,
    none: 'every state was explored',
  }[r.stoppedBy];
  return (
    `shortest scenarios to the ${plural(gaps, 'transition')} never taken: breadth-first from ${plural(b.connections, 'connection')} (ESTABLISHED, in the host), ` +
    `${plural(b.ims, 'intermediate driver')}, the reference drivers, actions ${b.actions.join(',')} and every delivery; ` +
    `${r.paths.size} reached, ${r.states.toLocaleString('en-US')} states searched to depth ${r.depth}; ${why}`
  );
}

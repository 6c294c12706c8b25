/**
 * `chimney run <file|dir>...`: replays each scenario, narrating its trace (explained for a learner with
 * --narrate, or printed as JSON Lines) with one line per judged expectation, checks it against its golden trace (or rewrites that),
 * and gives a verdict per file and a summary. Exit 0 when all passed, 1 when one failed, 2 when an
 * input was invalid (design principle 8).
 *
 * `--seed n` runs every scenario with seeded random scheduling from seed n (a FIFO scenario is
 * switched to it, and the run says so). Its golden trace is still compared when that cannot differ:
 * the scenario's own scheduling is random with seed n, or the scheduler never had two items to
 * choose between; otherwise the run says why it was not compared. With --json and more than one
 * scenario, a line `{"kind":"scenario","file":...}` comes before each scenario's trace.
 */
import {
  scenarioDrivers, DriverModuleError, DriverShapeError,
  formatProblem,
  Narrator,
  narrationLegend,
  runScenario,
  ScenarioInputError,
  traceEventToJson,
  type ExpectationOutcome,
  type ParsedScenario,
  type ScenarioRun,
  type ViolationEvent,
} from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { EXIT } from './exitCodes.js';
import { writeCapture } from './captureFile.js';
import { checkGolden, writeGolden } from './goldenFile.js';
import { loadScenarios, STDIN_ARGUMENT, STDIN_NAME } from './loadScenarios.js';
import { terminalSafeJson } from './terminalSafeJson.js';
import { RunOutput } from './RunOutput.js';
import { UsageError } from './UsageError.js';

export type RunCommandValues = OptionValues<(typeof COMMANDS)['run']['options']>;

/** How one scenario ended. */
type FileResult = 'passed' | 'failed' | 'invalid';

export function runRunCommand(values: RunCommandValues, io: CliIo, paths: readonly string[]): number {
  if (values['update-golden'] && values.seed !== undefined) {
    throw new UsageError("--update-golden and --seed do not go together (a golden trace is made with the scenario's own seed)", 'run');
  }
  if (values.json && values.quiet) throw new UsageError('--json and --quiet do not go together (--quiet prints no trace)', 'run');
  if (values.narrate && (values.json || values.quiet)) {
    throw new UsageError(`--narrate and --${values.json ? 'json' : 'quiet'} do not go together (--narrate explains the narrated trace)`, 'run');
  }
  if (values['update-golden'] && paths.includes(STDIN_ARGUMENT)) {
    throw new UsageError(`--update-golden cannot write a golden trace for standard input ('${STDIN_ARGUMENT}'); give the scenario's file`, 'run');
  }
  const { parsed, problems } = loadScenarios('run', paths, io);
  if (values.pcap !== undefined && parsed.length > 1) {
    throw new UsageError(`--pcap writes the capture of one scenario; ${paths.join(' ')} holds ${parsed.length} scenario files`, 'run');
  }
  if (problems.length > 0) {
    for (const p of problems) io.stderr(formatProblem(p));
    return EXIT.USAGE;
  }
  const out = new RunOutput(io, values);
  if (values.seed !== undefined) {
    out.report(
      `note: --seed ${values.seed}: every scenario runs with seeded random scheduling (seed ${values.seed}); ` +
        "a golden trace is compared only where this cannot change the trace",
    );
  }
  if (values.narrate) for (const line of narrationLegend()) out.trace(line);
  const count: Record<FileResult, number> = { passed: 0, failed: 0, invalid: 0 };
  let cannotWrite = false;
  const marked = values.json && parsed.length > 1;
  parsed.forEach((scenario, i) => {
    if (parsed.length > 1) io.progress?.(`chimney run: ${i + 1}/${parsed.length} ${scenario.file}`);
    if (marked) io.stdout(terminalSafeJson(JSON.stringify({ kind: 'scenario', file: scenario.file })));
    const { result, wroteFiles } = runFile(scenario, values, out, i === 0);
    count[result]++;
    if (!wroteFiles) cannotWrite = true;
  });
  io.progress?.(undefined);
  if (parsed.length > 1) {
    out.report(`${count.passed} passed, ${count.failed} failed${count.invalid > 0 ? `, ${count.invalid} invalid` : ''}`);
  }
  if (count.invalid > 0 || cannotWrite) return EXIT.USAGE;
  return count.failed > 0 ? EXIT.VIOLATION : EXIT.OK;
}

/** Runs one scenario with its narration, golden check and verdict. */
function runFile(
  scenario: ParsedScenario,
  values: RunCommandValues,
  out: RunOutput,
  first: boolean,
): { result: FileResult; wroteFiles: boolean } {
  const file = scenario.file;
  out.header(file, scenario.scenario.description, first);
  let run: ScenarioRun;
  const narrator = new Narrator(values.narrate);
  try {
    run = runScenario(scenario, {
      drivers: scenarioDrivers(scenario),
      ...(values.seed !== undefined ? { seed: values.seed, scheduling: 'random' as const } : {}),
      onEvent: (e) => (values.json ? out.json(JSON.stringify(traceEventToJson(e))) : narrator.narrate(e).forEach((line) => out.trace(line))),
      onOutcome: (o) => reportOutcome(out, file, o),
    });
  } catch (error) {
    // A `deliver` naming a pending item that is not there: bad input, found only while running.
    // A driver module the topology names that cannot be used: the same.
    if (error instanceof DriverModuleError || error instanceof DriverShapeError) {
      out.problem(`${file}: topology: ${error.message}`);
      out.report(`INVALID ${file} (see the problems above)`, 'fail');
      return { result: 'invalid', wroteFiles: true };
    }
    if (!(error instanceof ScenarioInputError)) throw error;
    for (const p of error.problems) out.problem(formatProblem(p));
    out.report(`INVALID ${file} (see the problems above)`, 'fail');
    return { result: 'invalid', wroteFiles: true };
  }

  let goldenDiffersAt: number | undefined;
  let wroteFiles = true;
  if (values.pcap !== undefined) {
    const written = writeCapture(values.pcap, run.sim);
    if (written.error === undefined) out.note(`wrote capture ${values.pcap} (pcapng, ${written.bytes} bytes)`);
    else {
      out.problem(`chimney run: cannot write capture ${values.pcap} (${written.error})`);
      wroteFiles = false;
    }
  }
  const events = run.sim.trace.events;
  if (values['update-golden']) {
    const written = writeGolden(file, events);
    if (written.error === undefined) out.note(`wrote golden trace ${written.path}`);
    else {
      out.problem(`${written.path}: ${written.error}`);
      wroteFiles = false;
    }
  } else if (file === STDIN_NAME) {
    out.note('no golden trace for a scenario read from standard input');
  } else if (values.seed !== undefined && !sameTraceAsOwn(scenario, run)) {
    const own = scenario.scenario.topology.scheduling === 'random' ? `seed ${scenario.scenario.seed ?? 1}` : 'fifo scheduling';
    out.note(`golden trace not compared: with seed ${run.seed} the scheduler chose among pending items ${run.choices} times, and the golden trace was made with ${own}`);
  } else {
    if (values.seed !== undefined && run.choices === 0) {
      out.note(`seed ${run.seed} made no difference here: never more than one pending item could be delivered, so the golden trace is compared`);
    }
    const golden = checkGolden(file, events);
    if (golden.kind === 'missing') out.note(`no golden trace ${golden.path} (run with --update-golden to create it)`);
    else if (golden.kind === 'unreadable') {
      out.problem(`${golden.path}: ${golden.reason}`);
      out.report(`INVALID ${file} (its golden trace cannot be read)`, 'fail');
      return { result: 'invalid', wroteFiles };
    } else if (golden.comparison.same) out.pass(`✓ golden trace ${golden.path}: same`);
    else {
      const c = golden.comparison;
      goldenDiffersAt = c.line;
      out.report(`✗ ${golden.path}:${c.line}: expected ${traceLine(c.expected)} vs actual ${traceLine(c.actual)}`, 'fail');
    }
  }

  for (const v of run.unexpectedViolations) out.violation(file, v);
  const verdict = verdictReasons(run, goldenDiffersAt);
  if (verdict.length === 0) out.report(`PASS ${file}`, 'pass');
  else out.report(`FAIL ${file} (${verdict.join(', ')})`, 'fail');
  return { result: verdict.length === 0 ? 'passed' : 'failed', wroteFiles };
}

/**
 * Whether a run under --seed has the trace the scenario's golden file was made from: the scenario's
 * own scheduling is random with this very seed, or no choice was ever made (then any seed and FIFO
 * give the same trace).
 */
function sameTraceAsOwn(scenario: ParsedScenario, run: ScenarioRun): boolean {
  const own = scenario.scenario;
  return run.choices === 0 || (own.topology.scheduling === 'random' && (own.seed ?? 1) === run.seed);
}

/**
 * A line of a golden comparison as shown: both texts end in a newline, so the side that ended first
 * has an empty "line" there (never a JSON Lines event), which is the end of that trace.
 */
function traceLine(text: string): string {
  return text === '' ? '(end of trace)' : text;
}

function reportOutcome(out: RunOutput, file: string, o: ExpectationOutcome): void {
  if (o.ok) out.pass(`✓ expect ${o.what}: ${o.expected}`);
  else out.report(`✗ ${file}:${o.position.line}: expected ${o.expected} vs actual ${o.actual} (${o.what})`, 'fail');
}

/** Why a scenario failed, in words; empty when it passed. */
function verdictReasons(run: ScenarioRun, goldenDiffersAt: number | undefined): string[] {
  const reasons: string[] = [];
  const failed = run.outcomes.filter((o) => !o.ok).length;
  if (failed > 0) reasons.push(`${failed} ${failed === 1 ? 'expectation' : 'expectations'} failed`);
  const violations: readonly ViolationEvent[] = run.unexpectedViolations;
  if (violations.length > 0) {
    const rules = [...new Set(violations.map((v) => v.rule))];
    reasons.push(`${violations.length} unexpected ${violations.length === 1 ? 'violation' : 'violations'}: ${rules.join(', ')}`);
  }
  if (run.crash !== undefined) reasons.push(`a driver's handler threw: ${run.crash}`);
  if (goldenDiffersAt !== undefined) reasons.push(`golden trace differs at line ${goldenDiffersAt}`);
  // The library's verdict stays the authority should it ever judge more than the above.
  if (!run.passed && reasons.length === 0) reasons.push('the scenario did not pass');
  return reasons;
}

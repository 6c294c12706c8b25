/**
 * `chimney report <scenario> -o report.html`: the scenario as one self-contained HTML page (buildReport):
 * the sequence diagram and a stepper with the layers' states, the connection table, pending items,
 * "why not?", "what if" and predict-then-step. Bad input (a scenario that does not parse or run, a driver
 * module that cannot be used, a file that cannot be written) is one line and exit code 2.
 */
import { writeFileSync } from 'node:fs';
import { buildReport, DriverModuleError, DriverShapeError, formatProblem, scenarioDrivers, ScenarioInputError, type Report } from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { EXIT } from './exitCodes.js';
import { isFsError, loadScenarios } from './loadScenarios.js';
import { UsageError } from './UsageError.js';

export type ReportCommandValues = OptionValues<(typeof COMMANDS)['report']['options']>;

export function runReportCommand(values: ReportCommandValues, io: CliIo, paths: readonly string[]): number {
  const { files, parsed, problems } = loadScenarios('report', paths);
  if (problems.length > 0) {
    for (const p of problems) io.stderr(formatProblem(p));
    return EXIT.USAGE;
  }
  const scenario = parsed[0];
  if (files.length !== 1 || !scenario) throw new UsageError(`expects one scenario file; ${paths.join(' ')} holds ${files.length}`, 'report');
  let report: Report;
  try {
    report = buildReport(scenario, { drivers: scenarioDrivers(scenario), maxForks: values.forks });
  } catch (error) {
    if (error instanceof DriverModuleError || error instanceof DriverShapeError) throw new UsageError(`${scenario.file}: topology: ${error.message}`, 'report');
    if (!(error instanceof ScenarioInputError)) throw error;
    for (const p of error.problems) io.stderr(formatProblem(p));
    return EXIT.USAGE;
  }
  try {
    writeFileSync(values.output, report.html);
  } catch (error) {
    if (isFsError(error)) throw new UsageError(`cannot write ${values.output} (${error.code})`, 'report');
    throw error;
  }
  const { frames, forks } = report.data;
  const size = Buffer.byteLength(report.html);
  io.stderr(`wrote ${values.output}: ${frames.length - 1} steps, ${forks.length} "what if" ${forks.length === 1 ? 'fork' : 'forks'}, ${(size / 1e6).toFixed(1)} MB`);
  if (!report.data.passed) io.stderr(`note: ${scenario.file} does not pass (an expectation failed or a rule was broken); the report shows where`);
  return EXIT.OK;
}

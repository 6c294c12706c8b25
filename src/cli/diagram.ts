/**
 * `chimney diagram`: Mermaid diagrams for teaching. `<scenario> --sequence` draws the run as sequence
 * diagrams (one lifeline per layer, the NDIS calls on the arrows), in numbered parts when it is too
 * long for Mermaid: on standard output each part follows a `%% part i of n` line, with `-o FILE` they go
 * to FILE-1.mmd, FILE-2.mmd, … (FILE itself when there is one part). `--machine NAME` draws a machine
 * the simulation runs, from its compiled table, and `--highlight <scenario>` marks what that run visited.
 */
import { writeFileSync } from 'node:fs';
import {
  compileMachine, findMachine, formatProblem, machineDiagram, machineVisits, MACHINE_NAMES, runScenario, ScenarioInputError, sequenceDiagram,
  type TraceEvent,
} from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { EXIT } from './exitCodes.js';
import { isFsError, loadScenarios } from './loadScenarios.js';
import { UsageError } from './UsageError.js';

export type DiagramCommandValues = OptionValues<(typeof COMMANDS)['diagram']['options']>;

const COMMAND = 'diagram';

export function runDiagramCommand(values: DiagramCommandValues, io: CliIo, positionals: readonly string[]): number {
  const scenario = positionals[0];
  if (values.sequence && values.machine !== undefined) throw new UsageError('--sequence and --machine do not go together: draw one kind of diagram at a time', COMMAND);
  if (values.highlight !== undefined && values.machine === undefined) throw new UsageError('--highlight <scenario> marks a run on a machine: give --machine <name> too', COMMAND);
  if (values.sequence) {
    if (scenario === undefined) throw new UsageError('--sequence draws a run: give the scenario file (chimney diagram <scenario> --sequence)', COMMAND);
    const run = traceOf(scenario, io);
    if (!run) return EXIT.USAGE;
    return writeParts(sequenceDiagram(run.events, { title: run.file }), values.output, io);
  }
  if (values.machine !== undefined) {
    if (scenario !== undefined) {
      throw new UsageError(`--machine draws a machine, not the run of '${scenario}': to mark what a run visited, give --highlight ${scenario}`, COMMAND);
    }
    const entry = findMachine(values.machine);
    if (!entry) throw new UsageError(`unknown machine '${values.machine}' (machines: ${MACHINE_NAMES.join(', ')})`, COMMAND);
    const table = compileMachine(entry.machine);
    if (values.highlight === undefined) return writeParts([machineDiagram(table, { drawFrom: entry.drawFrom })], values.output, io);
    const run = traceOf(values.highlight, io);
    if (!run) return EXIT.USAGE;
    const visits = machineVisits(entry.name, table, run.events);
    if (!visits) throw new UsageError(`--highlight: the trace does not show the states of machine '${entry.name}'`, COMMAND);
    return writeParts([machineDiagram(table, { drawFrom: entry.drawFrom, visits, visitedBy: run.file })], values.output, io);
  }
  throw new UsageError(`give --sequence (with a scenario) or --machine <name> (machines: ${MACHINE_NAMES.join(', ')})`, COMMAND);
}

/** The trace of one scenario file's run; undefined (problems printed) when the file is not a valid scenario. */
function traceOf(path: string, io: CliIo): { file: string; events: readonly TraceEvent[] } | undefined {
  const { files, parsed, problems } = loadScenarios(COMMAND, [path], { ...(io.stdinFd !== undefined ? { stdinFd: io.stdinFd } : {}) });
  if (problems.length > 0) {
    for (const p of problems) io.stderr(formatProblem(p));
    return undefined;
  }
  if (files.length !== 1 || !parsed[0]) throw new UsageError(`expects one scenario file; ${path} holds ${files.length}`, COMMAND);
  try {
    return { file: parsed[0].file, events: runScenario(parsed[0]).sim.trace.events };
  } catch (error) {
    if (!(error instanceof ScenarioInputError)) throw error;
    for (const problem of error.problems) io.stderr(formatProblem(problem));
    return undefined;
  }
}

/** Parts to standard output (each after `%% part i of n` when there are several) or to files. */
function writeParts(parts: readonly string[], output: string | undefined, io: CliIo): number {
  if (output === undefined) {
    parts.forEach((part, i) => {
      if (parts.length > 1) io.stdout(`%% part ${i + 1} of ${parts.length}`);
      for (const line of part.split('\n')) io.stdout(line);
    });
    return EXIT.OK;
  }
  const names = parts.length === 1 ? [output] : parts.map((_, i) => partFileName(output, i + 1));
  parts.forEach((part, i) => {
    try {
      writeFileSync(names[i]!, `${part}\n`);
    } catch (error) {
      if (isFsError(error)) throw new UsageError(`cannot write ${names[i]} (${error.code})`, COMMAND);
      throw error;
    }
  });
  io.stderr(parts.length === 1 ? `wrote ${names[0]}` : `wrote ${parts.length} parts: ${names.join(', ')}`);
  return EXIT.OK;
}

/** `run.mmd` part 2 → `run-2.mmd`; `run` → `run-2.mmd`. */
export function partFileName(output: string, part: number): string {
  const base = output.endsWith('.mmd') ? output.slice(0, -'.mmd'.length) : output;
  return `${base}-${part}.mmd`;
}

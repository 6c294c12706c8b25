/**
 * `chimney table <scenario>`: replays a scenario (to its end, or until step --at has run) and prints the
 * host's connection table as a user-mode program gets it: GetTcpTable2 (IPv4) or GetTcp6Table2 (IPv6),
 * with the SDK sample's two calls, as the sample's text, as JSON Lines (one object per row), or as the
 * exact bytes the function filled in (to a file or a pipe, never to a terminal).
 */
import { writeFileSync } from 'node:fs';
import {
  fetchTcpTable, formatProblem, formatTcp6Table2, formatTcpTable2, readTcp6Table2, readTcpTable2, runScenario, ScenarioInputError, tcp6Row2Json,
  tcpRow2Json, type ParsedScenario, type Simulation,
} from '../index.js';
import type { CliIo } from './CliIo.js';
import type { COMMANDS, OptionValues } from './commands.js';
import { EXIT } from './exitCodes.js';
import { isFsError, loadScenarios } from './loadScenarios.js';
import { UsageError } from './UsageError.js';

export type TableCommandValues = OptionValues<(typeof COMMANDS)['table']['options']>;

const FORMATS = ['text', 'json', 'binary'] as const;
const FAMILIES = { '4': 'MIB_TCPTABLE2', '6': 'MIB_TCP6TABLE2' } as const;
type Family = keyof typeof FAMILIES;

export function runTableCommand(values: TableCommandValues, io: CliIo, paths: readonly string[]): number {
  const format = oneOf('--format', values.format, FORMATS);
  const family = oneOf('--family', values.family, Object.keys(FAMILIES) as Family[]);
  if (format === 'binary' && values.output === undefined) {
    if (io.stdoutIsTerminal) {
      throw new UsageError('--format binary writes bytes, not text: give -o <file>, or redirect standard output to a file or a pipe', 'table');
    }
    if (!io.stdoutBytes) throw new UsageError('--format binary needs -o <file> here (this standard output takes lines only)', 'table');
  }
  const { files, parsed, problems } = loadScenarios('table', paths);
  if (problems.length > 0) {
    for (const p of problems) io.stderr(formatProblem(p));
    return EXIT.USAGE;
  }
  if (files.length !== 1 || !parsed[0]) throw new UsageError(`expects one scenario file; ${paths.join(' ')} holds ${files.length}`, 'table');
  const scenario = parsed[0];
  const sim = replayUntil(scenario, values.at, io);
  if (!sim) return EXIT.USAGE;

  const buffer = fetchTcpTable((b, size, order) => (family === '4' ? sim.GetTcpTable2(b, size, order) : sim.GetTcp6Table2(b, size, order)));
  const rows = family === '4' ? readTcpTable2(buffer) : readTcp6Table2(buffer);
  noteOtherFamily(sim, family, rows.length, io);
  let bytes: Uint8Array;
  switch (format) {
    case 'binary':
      bytes = new Uint8Array(buffer);
      break;
    case 'text':
      bytes = utf8(`${family === '4' ? formatTcpTable2(readTcpTable2(buffer)) : formatTcp6Table2(readTcp6Table2(buffer))}\n`);
      break;
    case 'json': {
      const objects = family === '4' ? readTcpTable2(buffer).map(tcpRow2Json) : readTcp6Table2(buffer).map(tcp6Row2Json);
      bytes = utf8(objects.map((o) => `${JSON.stringify(o)}\n`).join(''));
      break;
    }
  }
  if (values.output !== undefined) {
    try {
      writeFileSync(values.output, bytes);
    } catch (error) {
      if (isFsError(error)) throw new UsageError(`cannot write ${values.output} (${error.code})`, 'table');
      throw error;
    }
    io.stderr(`wrote ${values.output}: ${FAMILIES[family]}, ${rows.length} ${rows.length === 1 ? 'row' : 'rows'}, ${format} (${bytes.length} bytes)`);
  } else if (format === 'binary') io.stdoutBytes!(bytes);
  else for (const line of new TextDecoder().decode(bytes).replace(/\n$/, '').split('\n')) io.stdout(line);
  return EXIT.OK;
}

/** `value` when it is one of `allowed`, else a one-line usage error naming the option. */
function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} expects ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, got '${value}'`, 'table');
}

/** The simulation once step `at` (1-based) has run, or every step; undefined when the scenario proved invalid while running. */
function replayUntil(p: ParsedScenario, at: number | undefined, io: CliIo): Simulation | undefined {
  const count = p.scenario.steps.length;
  if (at !== undefined && at > count) {
    throw new UsageError(`--at ${at}: ${p.file} has ${count} ${count === 1 ? 'step' : 'steps'} (--at takes 1 to ${count})`, 'table');
  }
  const n = at ?? count;
  const prefix: ParsedScenario = { ...p, scenario: { ...p.scenario, steps: p.scenario.steps.slice(0, n) }, stepPositions: p.stepPositions.slice(0, n) };
  try {
    return runScenario(prefix).sim;
  } catch (error) {
    if (!(error instanceof ScenarioInputError)) throw error;
    for (const problem of error.problems) io.stderr(formatProblem(problem));
    return undefined;
  }
}

/** When the table asked for is empty and the other family's is not, says where the connections are. */
function noteOtherFamily(sim: Simulation, family: Family, rows: number, io: CliIo): void {
  if (rows > 0) return;
  const other: Family = family === '4' ? '6' : '4';
  const buffer = fetchTcpTable((b, size, order) => (other === '4' ? sim.GetTcpTable2(b, size, order) : sim.GetTcp6Table2(b, size, order)));
  const n = new DataView(buffer).getUint32(0, true);
  if (n > 0) io.stderr(`note: no IPv${family} connections; the scenario has ${n} IPv${other} ${n === 1 ? 'connection' : 'connections'} (--family ${other})`);
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

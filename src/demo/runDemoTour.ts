/**
 * `chimney demo`: the guided tour, which is the scenario scenarios/tour/offload-retrieve-upload-disconnect.yaml
 * replayed by the same machinery as `chimney run` (with the number of intermediate drivers chosen on
 * the command line). With a seed, the tour is scenarios/races/tour-with-seeded-races.yaml: the same
 * steps with two races (a query against a backlog indication, an update against a Retrieve) that a
 * random scheduler from that seed decides, so another seed may give another trace. Offload, TcpIndicateSendBacklogChange,
 * TcpIndicateRetrieve(LowActivity) and the upload it starts, a second offload, then
 * TcpIndicateDisconnect (a remote FIN: CLOSE_WAIT, still offloaded). Every NDIS call is narrated as
 * it crosses a layer, explained in plain words (the Narrator: who, which handle, why, what to read), and
 * every expectation of the scenario is checked where it stands.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { offloadStateShortName } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { tcpStateShortName } from '../ndis/TCPSTATE.js';
import { NO_ERROR } from '../ndis/win32Error.js';
import { colorize } from '../render/colorize.js';
import { Narrator, narrationLegend } from '../render/Narrator.js';
import { parseScenario } from '../scenario/parseScenario.js';
import { runScenario } from '../scenario/runScenario.js';
import type { Simulation } from '../system/Simulation.js';
import { formatTcpTable2 } from '../table/formatTcpTable2.js';
import { readTcpTable2 } from '../table/GetTcpTable2.js';
import { tcpRow2Json } from '../table/tcpTableRowJson.js';
import { traceToJsonLines } from '../trace/toJson.js';

export interface DemoOptions {
  intermediateDrivers: number;
  /** Race the tour with a random scheduler from this seed; absent: every call delivered in order (FIFO). */
  seed?: number;
  table: boolean;
  json: boolean;
  write: (line: string) => void;
  color: boolean;
}

/** The tour's scenario file (shipped with the package, beside dist/). */
export const TOUR_SCENARIO = fileURLToPath(new URL('../../scenarios/tour/offload-retrieve-upload-disconnect.yaml', import.meta.url));
/** The tour with races in it, for a seed. */
export const RACED_TOUR_SCENARIO = fileURLToPath(new URL('../../scenarios/races/tour-with-seeded-races.yaml', import.meta.url));

/** Runs the tour; returns 0, or 1 when an expectation failed or a rule was violated. */
export function runDemoTour(options: DemoOptions): number {
  const file = options.seed === undefined ? TOUR_SCENARIO : RACED_TOUR_SCENARIO;
  const parsed = parseScenario(readFileSync(file, 'utf8'), file);
  const topology = { ...parsed.scenario.topology, 'intermediate-drivers': options.intermediateDrivers };
  const scenario = { ...parsed.scenario, topology };
  const out = (line: string) => options.write(options.color ? colorize(line) : line);
  const connection = scenario.connections[0]!;
  if (!options.json) {
    const layers = ['host stack', ...Array.from({ length: options.intermediateDrivers }, (_, i) => `IM${i + 1}`), 'offload target'];
    out(`chimney demo: ${layers.join(' → ')}`);
    const scheduling = options.seed === undefined ? 'every call delivered in order (--seed n races it)' : `races decided by random(seed ${options.seed})`;
    out(`one connection: ${connection.local} → ${connection.remote}, PID ${connection.pid}; ${scheduling}`);
    out(`(the scenario ${file.slice(file.lastIndexOf('scenarios'))}, replayed as by 'chimney run --narrate')`);
    out('');
    narrationLegend().forEach(out);
  }
  const narrator = new Narrator(true);
  const run = runScenario(
    { ...parsed, scenario },
    {
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.json
        ? {}
        : {
            onEvent: (e) => narrator.narrate(e).forEach(out),
            onOutcome: (o) => out(o.ok ? `✓ expect ${o.what}: ${o.expected}` : `✗ expected ${o.expected} vs actual ${o.actual} (${o.what})`),
          }),
    },
  );
  if (options.json) {
    for (const line of traceToJsonLines(run.sim.trace.events).trimEnd().split('\n')) options.write(line);
  } else {
    out('');
    summarize(run.sim, connection.id).forEach(out);
  }
  if (options.table && options.json) writeTableJson(run.sim, options.write);
  else if (options.table) printTable(run.sim, options.write);
  return run.passed ? 0 : 1;
}

function summarize(sim: Simulation, id: string): string[] {
  const c = sim.connection(id);
  return [
    `End of the tour: tcp ${id} is ${tcpStateShortName(c.tcp)} and ${offloadStateShortName(c.offload)}.`,
    'The peer closed its half (a FIN): the connection stays offloaded, and from now on the target may ask for an',
    'upload only for a mandatory reason (reference §6.9). Rule violations: ' + sim.violations.length + '.',
  ];
}

/** The SDK sample's two-call protocol: learn the size, allocate, fetch, print. */
function printTable(sim: Simulation, write: (line: string) => void): void {
  const size = { value: 0 };
  const first = sim.GetTcpTable2(null, size, true);
  const buffer = new ArrayBuffer(size.value);
  const second = sim.GetTcpTable2(buffer, size, true);
  write('');
  write(`GetTcpTable2(NULL) returned ${first} (ERROR_INSUFFICIENT_BUFFER), size ${size.value}; second call returned ${second}${second === NO_ERROR ? ' (NO_ERROR)' : ''}`);
  for (const line of formatTcpTable2(readTcpTable2(buffer)).split('\n')) write(line);
}

/**
 * With --json the output is JSON Lines from first line to last: the table follows the trace as one
 * object per row, `{"kind":"tcpTableRow","table":"MIB_TCPTABLE2","index":0,...}` (the `kind` sets it
 * apart from the trace events).
 */
function writeTableJson(sim: Simulation, write: (line: string) => void): void {
  const size = { value: 0 };
  sim.GetTcpTable2(null, size, true);
  const buffer = new ArrayBuffer(size.value);
  sim.GetTcpTable2(buffer, size, true);
  readTcpTable2(buffer).forEach((row, i) => write(JSON.stringify({ kind: 'tcpTableRow', ...tcpRow2Json(row, i) })));
}

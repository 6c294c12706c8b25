/**
 * `chimney demo`: the guided tour on the built-in default topology (one connection, one intermediate
 * driver by default). Offload, TcpIndicateSendBacklogChange, TcpIndicateRetrieve(LowActivity) and the
 * upload it starts, a second offload, then TcpIndicateDisconnect (a remote FIN: CLOSE_WAIT, still
 * offloaded). Every NDIS call is narrated as it crosses a layer.
 */
import { NO_ERROR } from '../ndis/win32Error.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../ndis/TCP_UPLOAD_REASON.js';
import { offloadStateShortName } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { tcpStateShortName } from '../ndis/TCPSTATE.js';
import { colorize } from '../render/colorize.js';
import { narrate } from '../render/narrate.js';
import { createSimulation } from '../system/createSimulation.js';
import type { Simulation } from '../system/Simulation.js';
import { readTcpTable2 } from '../table/GetTcpTable2.js';
import { formatTcpTable2 } from '../table/formatTcpTable2.js';
import { traceToJsonLines } from '../trace/toJson.js';

export interface DemoOptions {
  intermediateDrivers: number;
  seed: number;
  table: boolean;
  json: boolean;
  write: (line: string) => void;
  color: boolean;
}

/** The default connection of the tour. */
export const DEMO_CONNECTION = {
  id: '1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 4242,
} as const;

/** Runs the tour; returns 0, or 1 when a rule was violated. */
export function runDemoTour(options: DemoOptions): number {
  const sim = createSimulation({ intermediateDrivers: options.intermediateDrivers, seed: options.seed, scheduling: 'random' });
  const out = (line: string) => options.write(options.color ? colorize(line) : line);
  if (!options.json) {
    sim.trace.subscribe((e) => narrate(e).forEach(out));
    out(`chimney demo: ${['host stack', ...sim.layers.slice(1, -1), 'offload target'].join(' → ')}`);
    out(`one connection: ${DEMO_CONNECTION.localAddress}:${DEMO_CONNECTION.localPort} → ${DEMO_CONNECTION.remoteAddress}:${DEMO_CONNECTION.remotePort}, PID ${DEMO_CONNECTION.owningPid}; scheduling ${sim.policyName}`);
  }
  sim.addConnection(DEMO_CONNECTION);
  const id = DEMO_CONNECTION.id;

  sim.offload(id);
  sim.run();
  sim.indicate(id, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange, 65_536);
  sim.run();
  sim.indicate(id, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.LowActivity);
  sim.run();
  sim.offload(id);
  sim.run();
  sim.indicate(id, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect, 0);
  sim.run();

  if (options.json) {
    for (const line of traceToJsonLines(sim.trace.events).trimEnd().split('\n')) options.write(line);
  } else {
    out('');
    summarize(sim).forEach(out);
  }
  if (options.table) printTable(sim, options.write);
  return sim.violations.length === 0 ? 0 : 1;
}

function summarize(sim: Simulation): string[] {
  const c = sim.connection(DEMO_CONNECTION.id);
  return [
    `End of the tour: tcp 1 is ${tcpStateShortName(c.tcp)} and ${offloadStateShortName(c.offload)}.`,
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

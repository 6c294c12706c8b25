/**
 * A shortest path to an untaken transition, as a scenario people read and `chimney run` replays: the
 * topology the search ran on, its connections, the steps (deliveries named by call and connection),
 * then `expect: { violations: none }`. Written files are replayed before they are kept: the replay must
 * pass and its trace must take the transition, or this is a bug of coverage, never a silent pass.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectionSpec } from '../check/engine/runSteps.js';
import { goldenPathFor, goldenText } from '../scenario/golden.js';
import { parseScenario } from '../scenario/parseScenario.js';
import type { ActionStep } from '../scenario/performStep.js';
import { printScenario } from '../scenario/printScenario.js';
import { runScenario } from '../scenario/runScenario.js';
import type { Scenario } from '../scenario/schema.js';
import type { TraceEvent } from '../trace/TraceEvent.js';
import type { MachineTransition } from './machineTransitions.js';
import type { GapSearchResult } from './searchGaps.js';
import { freshMemory, observe } from './TraceObserver.js';

/** The scenario that takes `t` by `steps`, on the search's topology. */
export function gapScenario(t: MachineTransition, steps: readonly ActionStep[], bound: GapSearchResult['bound']): Scenario {
  const guard = t.guard !== undefined ? ` [${t.guard}]` : '';
  return {
    description:
      `Coverage: a shortest run (${steps.length} step${steps.length === 1 ? '' : 's'}, found by chimney coverage's breadth-first search) ` +
      `in which the ${t.machine} machine takes ${t.state} × ${t.event}${guard} → ${t.target}, with the reference drivers.`,
    topology: { 'intermediate-drivers': bound.ims, 'optional-retrieve': 'upload', scheduling: 'fifo', faults: [] },
    connections: Array.from({ length: bound.connections }, (_, i) => {
      const s = connectionSpec(i + 1, 2);
      return { id: s.id, local: `${s.localAddress}:${s.localPort}`, remote: `${s.remoteAddress}:${s.remotePort}`, pid: s.owningPid, state: 'ESTABLISHED' as const };
    }),
    steps: [...steps, { expect: { violations: 'none' } }],
  };
}

/** The file name of a transition's scenario: `offload--offloading-x-protocolinitiateoffloadcomplete-else.yaml`. */
export function gapFileName(t: MachineTransition): string {
  const words = [t.state, 'x', t.event, ...(t.guard !== undefined ? [t.guard] : []), 'to', t.target];
  return `${t.machine}--${words.join('-').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.yaml`;
}

/** The scenario's text with a header saying how to replay it. */
export function gapScenarioText(scenario: Scenario, file: string): string {
  return `# Written by chimney coverage. Replay: chimney run ${file}\n${printScenario(scenario)}`;
}

/** Replays `text`: whether it passed, whether its trace took `t`, and the trace. */
export function replayGap(text: string, file: string, t: MachineTransition): { passed: boolean; took: boolean; events: readonly TraceEvent[] } {
  const run = runScenario(parseScenario(text, file));
  const memory = freshMemory();
  let took = false;
  for (const e of run.sim.trace.events) observe(memory, e, (x) => (took ||= x.key === t.key));
  return { passed: run.passed, took, events: run.sim.trace.events };
}

/** Writes the scenario and its golden trace into `dir` after replaying it; returns the scenario's path. */
export function writeGapScenario(t: MachineTransition, scenario: Scenario, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, gapFileName(t));
  const text = gapScenarioText(scenario, file);
  const replay = replayGap(text, file, t);
  if (!replay.passed || !replay.took) throw new Error(`chimney coverage: the scenario for ${t.key} does not replay to it (a bug of coverage)`);
  writeFileSync(file, text);
  writeFileSync(goldenPathFor(file), goldenText(replay.events));
  return file;
}

/**
 * A counterexample as people read it: a scenario in the format of `scenarios/` (topology, connections,
 * the steps, and an `expect` of the break), with a description saying what broke, how it was found and
 * how to replay it.
 */
import path from 'node:path';
import { printScenario } from '../../scenario/printScenario.js';
import type { Scenario, Step } from '../../scenario/schema.js';
import { ruleById } from '../../rules/rules.js';
import type { CheckOptions } from './CheckOptions.js';
import type { Candidate } from './minimize.js';
import { connectionSpec } from './runSteps.js';

export interface Counterexample {
  /** The invariant broken (a rule id for the rulebook's). */
  readonly invariant: string;
  /** What broke, in one line. */
  readonly message: string;
  /** Steps before the `expect` (the fixed ending counts when it is part of the story). */
  readonly steps: number;
  /** Deliveries of an item that was not the oldest one pending. */
  readonly outOfOrder: number;
  readonly connections: number;
  readonly ims: number;
  /** The scenario, with module paths as given (relative to the current folder); `scenarioText` makes them relative to where it is written. */
  readonly scenario: Scenario;
}

const isRule = (id: string) => ruleById(id) !== undefined;

export function counterexampleScenario(options: CheckOptions, c: Candidate, found: { seed: number; runs: number; by?: string }): Counterexample {
  const who = [
    options.modules?.driver ? `the intermediate driver ${options.modules.driver}` : options.intermediateDriver ? 'your intermediate driver' : '',
    options.modules?.target ? `the target ${options.modules.target}` : options.target ? 'your target' : '',
    options.faults?.length ? `the fault${options.faults.length > 1 ? 's' : ''} ${options.faults.join(', ')}` : '',
  ].filter(Boolean).join(' and ') || 'the reference drivers';
  const kind = isRule(c.invariant) ? `rule ${c.invariant}` : `invariant ${c.invariant}`;
  const scenario: Scenario = {
    description:
      `Negative: a counterexample found by ${found.by ?? 'chimney check'} (seed ${found.seed}, run ${found.runs}, then shrunk): with ${who}, ` +
      `the ${kind} breaks after ${c.steps.length} steps (${c.outOfOrder} deliveries out of FIFO order, ${c.config.remotes.length} ` +
      `connection${c.config.remotes.length > 1 ? 's' : ''}, ${c.config.ims} intermediate driver${c.config.ims === 1 ? '' : 's'}). ${c.message}`,
    topology: {
      'intermediate-drivers': c.config.ims,
      'optional-retrieve': 'upload',
      scheduling: 'fifo',
      ...(c.config.receiveBuffer !== 65_535 ? { 'receive-buffer': c.config.receiveBuffer } : {}),
      faults: [...(options.faults ?? [])],
      ...(options.modules?.driver ? { driver: options.modules.driver } : {}),
      ...(options.modules?.target ? { target: options.modules.target } : {}),
    },
    connections: Array.from({ length: c.config.remotes.length }, (_, i) => {
      const s = connectionSpec(i + 1, c.config.remotes[i]!);
      return { id: s.id, local: `${s.localAddress}:${s.localPort}`, remote: `${s.remoteAddress}:${s.remotePort}`, pid: s.owningPid, state: 'ESTABLISHED' as const };
    }),
    steps: [...c.steps, ...[c.invariant, ...(c.also ?? [])].map((name): Step => ({ expect: isRule(name) ? { violation: name } : { invariant: name } }))],
  };
  return { invariant: c.invariant, message: c.message, steps: c.steps.length, outOfOrder: c.outOfOrder, connections: c.config.remotes.length, ims: c.config.ims, scenario };
}

/** The scenario text to write at `file`: module paths made relative to its folder. */
export function scenarioText(cx: Counterexample, file: string, note = `Replay: chimney run ${file}`): string {
  const t = cx.scenario.topology;
  const rel = (p: string | undefined) => (p === undefined ? undefined : path.relative(path.dirname(path.resolve(file)), path.resolve(p)).split(path.sep).join('/'));
  const topology = { ...t, ...(t.driver ? { driver: rel(t.driver) } : {}), ...(t.target ? { target: rel(t.target) } : {}) };
  const header = `# Written by chimney check. ${note}\n`;
  return header + printScenario({ ...cx.scenario, topology });
}

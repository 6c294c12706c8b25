/**
 * The shortest way to each transition no run took: one breadth-first search over every order of the
 * exploration alphabet's actions and of the pending deliveries (the explorer's space: snapshots named by
 * 64-bit fingerprints, each state expanded once), from one fresh simulation with the reference drivers.
 * Each step's trace is read by the TraceObserver; the first path on which a wanted transition shows is a
 * shortest one (BFS). A path that breaks an invariant is not followed (it would not replay as a passing
 * scenario). Bounded by depth, distinct states and time; what is not found within the bound is reported
 * as such, never guessed.
 */
import { performance } from 'node:perf_hooks';
import { Coverage } from '../check/explore/Coverage.js';
import { ACTION_KINDS, alphabet } from '../check/explore/alphabet.js';
import { actionsAt, open, take, using, type Space } from '../check/explore/Space.js';
import { connectionId } from '../check/commands/index.js';
import type { RunConfig } from '../check/engine/CheckOptions.js';
import { connectionSpec, simulationOptionsFor } from '../check/engine/runSteps.js';
import { fingerprintData } from '../data/fingerprintData.js';
import { INVARIANTS } from '../check/invariants/index.js';
import type { ActionStep } from '../scenario/performStep.js';
import { createSimulation, simulationEnvironment } from '../system/createSimulation.js';
import type { SimulationState } from '../system/SimulationState.js';
import type { TraceEvent } from '../trace/TraceEvent.js';
import { observe, freshMemory, type ObserverMemory } from './TraceObserver.js';

export interface GapSearchOptions {
  /** Connections (all to 10.0.0.2); default 1. */
  readonly connections?: number;
  /** Intermediate drivers; default 1. */
  readonly ims?: number;
  /** Longest path, in steps; default 8. */
  readonly depth?: number;
  /** Stop after this many distinct states; default 20,000. */
  readonly maxStates?: number;
  /** Stop after this long (ms); default 30,000. */
  readonly timeMs?: number;
  /** Only these kinds of action (step names: offload, send, peer-fin ...); default those that move the wanted machines (ACTIONS_FOR_MACHINE). */
  readonly actions?: readonly string[];
}

export const GAP_SEARCH_DEFAULTS = { connections: 1, ims: 1, depth: 8, maxStates: 20_000, timeMs: 30_000 } as const;

/** Why the search ended. `found`: every wanted transition was found; `none`: the space (to the depth) was exhausted. */
export type GapSearchStop = 'found' | 'depth' | 'states' | 'time' | 'none';

export interface GapSearchResult {
  /** Transition key → the steps of a shortest path that takes it. */
  readonly paths: ReadonlyMap<string, readonly ActionStep[]>;
  readonly states: number;
  /** The deepest level fully expanded. */
  readonly depth: number;
  readonly stoppedBy: GapSearchStop;
  /** The bound the search ran under (defaults filled in). */
  readonly bound: Required<GapSearchOptions>;
}

interface Node {
  readonly state: SimulationState;
  readonly path: readonly ActionStep[];
  readonly used: string;
  readonly memory: ObserverMemory;
}

/**
 * The explorer's alphabet, and the application's abortive close beside its graceful one (the explorer
 * leaves it out; without it the TCP machine's AbortiveClose transitions could never be reached).
 */
export function gapAlphabet(connections: number, kinds?: readonly string[]): ActionStep[] {
  const letters = alphabet(connections, kinds);
  if (kinds === undefined || kinds.includes('disconnect')) {
    for (let k = 1; k <= connections; k++) letters.push({ disconnect: { connection: connectionId(k), abortive: true } });
  }
  return letters;
}

/**
 * The kinds of action that can move each machine (besides deliveries, always tried): when no actions
 * are given, the search uses those of the machines it looks for, which keeps the breadth-first search
 * narrow enough to go deep.
 */
export const ACTIONS_FOR_MACHINE: Readonly<Record<string, readonly string[]>> = {
  offload: ['offload', 'upload', 'indicate', 'status'],
  tcp: ['offload', 'disconnect', 'peer-fin', 'peer-rst'],
  adapter: ['offload', 'status'],
  'im-offload-entry': ['offload', 'upload', 'indicate', 'status'],
  'target-context': ['offload', 'upload', 'indicate', 'status'],
};

/** The action kinds for these transition keys (`machine: ...`): the union of their machines', in the alphabet's order. */
export function actionsFor(keys: readonly string[]): string[] {
  const machines = new Set(keys.map((k) => k.slice(0, k.indexOf(':'))));
  const kinds = new Set([...machines].flatMap((m) => ACTIONS_FOR_MACHINE[m] ?? ACTION_KINDS));
  return ACTION_KINDS.filter((k) => kinds.has(k));
}

/** Searches for a shortest path to each of `wanted` (transition keys). */
export function searchGaps(wanted: readonly string[], options: GapSearchOptions = {}): GapSearchResult {
  const bound = {
    ...GAP_SEARCH_DEFAULTS,
    actions: actionsFor(wanted),
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as GapSearchResult['bound'];
  const config: RunConfig = { ims: bound.ims, remotes: Array.from({ length: bound.connections }, () => 2), receiveBuffer: 65_535 };
  const simOptions = simulationOptionsFor({}, config);
  const root = createSimulation(simOptions);
  const connections: string[] = [];
  for (let k = 1; k <= bound.connections; k++) {
    root.addConnection(connectionSpec(k, 2));
    connections.push(connectionId(k));
  }
  const space: Space = {
    environment: simulationEnvironment(simOptions),
    connections,
    invariants: INVARIANTS,
    alphabet: gapAlphabet(bound.connections, bound.actions),
    coverage: new Coverage(),
  };
  const missing = new Set(wanted);
  const paths = new Map<string, readonly ActionStep[]>();
  const start = performance.now();
  const none = '0'.repeat(space.alphabet.length);
  const seen = new Set<string>([`${root.fingerprint()}/${none}`]);
  let frontier: Node[] = [{ state: root.snapshot(), path: [], used: none, memory: freshMemory() }];
  const result = (stoppedBy: GapSearchStop, depth: number): GapSearchResult => ({ paths, states: seen.size, depth, stoppedBy, bound });
  if (missing.size === 0) return result('found', 0);
  for (let depth = 0; depth < bound.depth; depth++) {
    const next: Node[] = [];
    for (const node of frontier) {
      for (const { step, letter } of actionsAt(space, open(space, node.state), node.used)) {
        if (seen.size >= bound.maxStates) return result('states', depth);
        if (performance.now() - start >= bound.timeMs) return result('time', depth);
        const sim = open(space, node.state);
        const events: TraceEvent[] = [];
        const stop = sim.trace.subscribe((e) => events.push(e));
        const t = take(space, sim, step);
        stop();
        if (t.kind !== 'next') continue; // refused, or an invariant broke: not a path to replay
        const path = [...node.path, step];
        const memory = structuredClone(node.memory);
        for (const e of events) {
          observe(memory, e, (taken) => {
            if (missing.delete(taken.key)) paths.set(taken.key, path);
          });
        }
        if (missing.size === 0) return result('found', depth + 1);
        const used = using(node.used, letter);
        // Listening numbers the trace, and the numbering is state: name states without it, so that
        // two paths to the same state meet however many events each recorded.
        const state: SimulationState = { ...t.state(), trace: { seq: 0 } };
        const key = `${fingerprintData(state)}/${used}`;
        if (seen.has(key)) continue;
        seen.add(key);
        next.push({ state, path, used, memory });
      }
    }
    if (next.length === 0) return result('none', depth + 1);
    frontier = next;
  }
  return result('depth', bound.depth);
}

/**
 * `explore`: systematic search of every order of host actions, target events, peer segments and
 * deliveries, on your driver, with every invariant judged at every state.
 *
 * - `bfs`: breadth first, with a visited set of 64-bit state fingerprints: each state is expanded once,
 *   and the first break found is a shortest counterexample (TLC's way).
 * - `dfs`: depth first to the depth limit, a state expanded again only when reached by a shorter path.
 * - `random`: seeded random walks to the depth limit.
 * - `pct`: probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010) over the pending items:
 *   each item gets a random priority when it appears, the highest enabled one is delivered, and at d − 1
 *   random steps of each run the highest one drops below every other; the environment's actions are
 *   taken at random in between.
 *
 * Limits: depth, distinct states, time; the report says which one stopped the search, or that the space
 * was exhausted. A break is minimized like `chimney check`'s and returned as a scenario.
 */
import { performance } from 'node:perf_hooks';
import { createSimulation, simulationEnvironment } from '../../system/createSimulation.js';
import { restoreSimulation } from '../../system/Simulation.js';
import type { SimulationState } from '../../system/SimulationState.js';
import type { ActionStep } from '../../scenario/performStep.js';
import { connectionId } from '../commands/index.js';
import { counterexampleScenario } from '../engine/counterexample.js';
import type { RunConfig } from '../engine/CheckOptions.js';
import { minimize, othersOf } from '../engine/minimize.js';
import { connectionSpec, simulationOptionsFor } from '../engine/runSteps.js';
import { fromUserInvariant, INVARIANTS } from '../invariants/index.js';
import type { InvariantBreak } from '../invariants/Invariant.js';
import { alphabet } from './alphabet.js';
import { Coverage } from './Coverage.js';
import type { ExploreOptions, ExploreReport, StoppedBy, Strategy } from './ExploreOptions.js';
import { mulberry32 } from './mulberry32.js';
import { actionsAt, open, take, using, type Choice, type Space } from './Space.js';

export const EXPLORE_DEFAULTS = { connections: 1, ims: 1, depth: 8, maxStates: 200_000, timeMs: 60_000, strategy: 'bfs' as Strategy, pctDepth: 3, seed: 1 } as const;

interface Found {
  broken: InvariantBreak;
  all: readonly InvariantBreak[];
  steps: ActionStep[];
}

export function explore(options: ExploreOptions = {}): ExploreReport & { readonly fingerprintSet?: Set<string> } {
  const o = { ...EXPLORE_DEFAULTS, ...definedOf(options) };
  checkRange('connections', o.connections, 1, 8);
  checkRange('ims', o.ims, options.intermediateDriver ? 1 : 0, 8);
  checkRange('depth', o.depth, 1, 1_000);
  checkRange('maxStates', o.maxStates, 1, 100_000_000);
  checkRange('pctDepth', o.pctDepth, 1, 100);
  checkRange('timeMs', o.timeMs, 1, 604_800_000);
  const shard = options.shard ?? { index: 0, count: 1 };
  if (!(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 0 && shard.index < shard.count)) {
    throw new RangeError(`shard must be i/n with 0 ≤ i < n, got ${shard.index}/${shard.count}`);
  }
  const config: RunConfig = { ims: o.ims, remotes: Array.from({ length: o.connections }, () => 2), receiveBuffer: 65_535 };
  const coverage = new Coverage();
  const simOptions = { ...simulationOptionsFor(options, config), coverage };
  const root = createSimulation(simOptions);
  const connections: string[] = [];
  for (let k = 1; k <= o.connections; k++) {
    root.addConnection(connectionSpec(k, 2));
    connections.push(connectionId(k));
  }
  const space: Space = {
    environment: simulationEnvironment(simOptions),
    connections,
    invariants: [...INVARIANTS, ...(options.invariants ?? []).map(fromUserInvariant)],
    alphabet: alphabet(o.connections, options.actions),
    coverage,
  };
  const start = performance.now();
  const stats = { states: 1, transitions: 0, schedules: 0, depth: 0 };
  const none = '0'.repeat(space.alphabet.length);
  // A search state: the simulation's fingerprint and the letters used on the way; → the shortest depth it was reached at.
  const seen = new Map<string, number>([[`${root.fingerprint()}/${none}`, 0]]);
  const elapsed = () => performance.now() - start;
  const limits = {
    exceeded: (): StoppedBy | undefined => (seen.size >= o.maxStates ? 'states' : elapsed() >= o.timeMs ? 'time' : undefined),
  };
  const progress = () => {
    if (stats.transitions % 1_000 === 0) options.onProgress?.({ states: seen.size, transitions: stats.transitions, depth: stats.depth, elapsedMs: elapsed() });
  };
  const search = { space, depth: o.depth, stats, seen, limits, progress, shard };
  const outcome =
    o.strategy === 'bfs' ? breadthFirst(search, { state: root.snapshot(), path: [], used: none })
    : o.strategy === 'dfs' ? depthFirst(search, { state: root.snapshot(), path: [], used: none })
    : walks(search, root.snapshot(), none, o.strategy, o.seed, o.pctDepth);

  let counterexample;
  if (outcome.found) {
    const { broken, all, steps } = outcome.found;
    const small = minimize(options, space.invariants, { config, steps, outOfOrder: 0, invariant: broken.invariant, message: broken.message, also: othersOf(all, broken) }, config.ims);
    counterexample = counterexampleScenario(options, small, { seed: o.seed, runs: stats.schedules + 1, by: `chimney explore (${o.strategy})` });
  }
  const n = seen.size;
  return {
    strategy: o.strategy,
    states: n,
    transitions: stats.transitions,
    schedules: stats.schedules,
    depth: stats.depth,
    stoppedBy: outcome.found ? 'violation' : outcome.stoppedBy,
    collisionProbability: Math.min(1, (n * n) / 2 ** 65),
    elapsedMs: Math.round(elapsed()),
    coverage: coverage.report(),
    ...(counterexample ? { counterexample } : {}),
    fingerprintSet: new Set(seen.keys()),
  };
}

interface Search {
  space: Space;
  depth: number;
  stats: { states: number; transitions: number; schedules: number; depth: number };
  seen: Map<string, number>;
  limits: { exceeded(): StoppedBy | undefined };
  progress(): void;
  shard: { index: number; count: number };
}

type Outcome = { found: Found; stoppedBy?: undefined } | { found?: undefined; stoppedBy: StoppedBy };


/** The actions to try at a node: a shard (i/n) takes every n-th action of the root. */
function choices(s: Search, actions: Choice[], depth: number): Choice[] {
  return depth === 0 && s.shard.count > 1 ? actions.filter((_, i) => i % s.shard.count === s.shard.index) : actions;
}

interface Node {
  state: SimulationState;
  path: ActionStep[];
  /** The alphabet's letters used on the way (each at most once per path). */
  used: string;
}

function breadthFirst(s: Search, root: Node): Outcome {
  let frontier: Node[] = [root];
  for (let depth = 0; depth < s.depth; depth++) {
    const next: Node[] = [];
    for (const node of frontier) {
      const r = expand(s, node, depth, (child) => next.push(child));
      if (r) return r;
    }
    if (next.length === 0) return { stoppedBy: 'none' };
    s.stats.depth = depth + 1;
    frontier = next;
  }
  s.stats.schedules += frontier.length;
  return { stoppedBy: 'depth' };
}

function depthFirst(s: Search, root: Node): Outcome {
  const stack: Array<Node & { depth: number }> = [{ ...root, depth: 0 }];
  let cut = false;
  for (let node = stack.pop(); node; node = stack.pop()) {
    const { depth } = node;
    s.stats.depth = Math.max(s.stats.depth, depth);
    if (depth >= s.depth) {
      s.stats.schedules++;
      cut = true;
      continue;
    }
    const children: Array<Node & { depth: number }> = [];
    const r = expand(s, node, depth, (child) => children.push({ ...child, depth: depth + 1 }));
    if (r) return r;
    stack.push(...children.reverse());
  }
  return { stoppedBy: cut ? 'depth' : 'none' };
}

/** Expands one node: every choice taken from a fresh copy of its state. A new state (or one reached sooner) becomes a child. */
function expand(s: Search, node: Node, depth: number, child: (n: Node) => void): Outcome | undefined {
  let sim = open(s.space, node.state);
  let fresh = true; // `sim` is still exactly node.state (a refused step changes nothing)
  let moved = false;
  for (const { step: action, letter } of choices(s, actionsAt(s.space, sim, node.used), depth)) {
    const stop = s.limits.exceeded();
    if (stop) return { stoppedBy: stop };
    if (!fresh) sim = open(s.space, node.state);
    const t = take(s.space, sim, action);
    s.stats.transitions++;
    s.progress();
    fresh = t.kind === 'refused';
    if (t.kind === 'refused') continue;
    moved = true;
    const path = [...node.path, action];
    if (t.kind === 'broken') return { found: { broken: t.broken, all: t.all, steps: path } };
    const used = using(node.used, letter);
    const key = `${t.fingerprint}/${used}`;
    const known = s.seen.get(key);
    if (known !== undefined && known <= depth + 1) continue;
    s.seen.set(key, depth + 1);
    child({ state: t.state(), path, used });
  }
  if (!moved) s.stats.schedules++; // nothing left to do here: a complete schedule
  return undefined;
}

/** Random walks and PCT runs from the root, each to the depth limit; run r belongs to shard r mod n. */
function walks(s: Search, rootState: SimulationState, none: string, strategy: 'random' | 'pct', seed: number, pctDepth: number): Outcome {
  for (let run = s.shard.index; ; run += s.shard.count) {
    const random = mulberry32(seed + run);
    const sim = restoreSimulation(rootState, s.space.environment);
    const priority = new Map<number, number>();
    const changePoints = Array.from({ length: pctDepth - 1 }, () => Math.floor(random() * s.depth));
    const path: ActionStep[] = [];
    let used = none;
    for (let step = 0; step < s.depth; step++) {
      const stop = s.limits.exceeded();
      if (stop) return { stoppedBy: stop };
      const actions = actionsAt(s.space, sim, used);
      if (actions.length === 0) break;
      const pending = sim.pending();
      let action: Choice;
      if (strategy === 'pct' && pending.length > 0 && random() < 0.75) {
        for (const p of pending) if (!priority.has(p.id)) priority.set(p.id, pctDepth + random()); // initial priorities: above d
        const top = () => pending.reduce((a, b) => ((priority.get(b.id) ?? 0) > (priority.get(a.id) ?? 0) ? b : a));
        const k = changePoints.indexOf(step);
        if (k >= 0) priority.set(top().id, pctDepth - 1 - k); // the k-th change point: below every initial priority
        action = actions[pending.indexOf(top())]!; // deliveries come first in actionsAt, in pending order
      } else {
        action = actions[Math.floor(random() * actions.length)]!;
      }
      const t = take(s.space, sim, action.step);
      s.stats.transitions++;
      s.progress();
      if (t.kind === 'refused') continue;
      path.push(action.step);
      used = using(used, action.letter);
      if (t.kind === 'broken') return { found: { broken: t.broken, all: t.all, steps: path } };
      if (!s.seen.has(`${t.fingerprint}/${used}`)) s.seen.set(`${t.fingerprint}/${used}`, step + 1);
      s.stats.depth = Math.max(s.stats.depth, step + 1);
    }
    s.stats.schedules++;
  }
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
}

function definedOf<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

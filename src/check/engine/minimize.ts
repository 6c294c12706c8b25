/**
 * After fast-check's own shrinking, the counterexample is made as short as this greedy search can:
 * fewest steps first (drop any one step, and with it the deliveries that then have nothing to deliver),
 * then fewest deliveries out of FIFO order (deliver the oldest
 * item instead), then fewest connections and intermediate drivers — keeping only changes after which the
 * same invariant still breaks. Passes repeat until none helps. Coyote and P replay schedules but never
 * shrink them; fast-check's scheduler order is not shrunk either. Here the schedule is steps like any
 * other, so it shrinks.
 */
import type { ActionStep } from '../../scenario/performStep.js';
import { connectionId } from '../commands/index.js';
import type { Invariant, InvariantBreak } from '../invariants/Invariant.js';
import { deliverStepFor } from './deliverStepFor.js';
import type { CheckOptions, RunConfig } from './CheckOptions.js';
import { newRun, replaySteps } from './runSteps.js';
import { judgeStep } from './judgeStep.js';

export interface Candidate {
  config: RunConfig;
  steps: ActionStep[];
  outOfOrder: number;
  invariant: string;
  message: string;
  /** Everything else that broke at the same step (invariant names or rule ids), which the scenario expects too. */
  also?: readonly string[];
}

/** The smallest candidate reachable by the passes; at most `budget` replays. */
export function minimize(options: CheckOptions, invariants: readonly Invariant[], start: Candidate, minIms: number, budget = 5_000): Candidate {
  let best = start;
  let replays = 0;
  const attempt = (config: RunConfig, steps: ActionStep[]): boolean => {
    if (replays++ >= budget) return false;
    const r = replaySteps(options, config, invariants, steps, true);
    if (r.kind !== 'broken' || r.broken.invariant !== best.invariant) return false;
    if (!better({ config, steps: r.steps, outOfOrder: r.outOfOrder }, best)) return false;
    best = { config, steps: r.steps, outOfOrder: r.outOfOrder, invariant: r.broken.invariant, message: r.broken.message, also: othersOf(r.all, r.broken) };
    return true;
  };
  for (let changed = true; changed && replays < budget; ) {
    changed = false;
    for (let i = best.steps.length - 1; i >= 0; i--) {
      if (i < best.steps.length && attempt(best.config, best.steps.filter((_, j) => j !== i))) changed = true;
    }
    for (let i = 0; i < best.steps.length && best.outOfOrder > 0; i++) {
      const fifo = inFifoOrder(options, invariants, best, i);
      if (fifo && attempt(best.config, fifo)) changed = true;
    }
    for (let k = best.config.remotes.length; k >= 1 && best.config.remotes.length > 1; k--) {
      const fewer = withoutConnection(best.steps, k, best.config.remotes.length);
      if (fewer && attempt({ ...best.config, remotes: best.config.remotes.filter((_, j) => j !== k - 1) }, fewer)) changed = true;
    }
    for (let n = minIms; n < best.config.ims; n++) {
      if (attempt({ ...best.config, ims: n }, best.steps)) {
        changed = true;
        break;
      }
    }
    if (best.config.receiveBuffer !== 65_535 && attempt({ ...best.config, receiveBuffer: 65_535 }, best.steps)) changed = true;
    for (let k = 0; k < best.config.remotes.length; k++) {
      if (best.config.remotes[k] !== 2 && attempt({ ...best.config, remotes: best.config.remotes.map((r, j) => (j === k ? 2 : r)) }, best.steps)) changed = true;
    }
  }
  return best;
}

/** Fewer steps; then fewer out-of-order deliveries; then fewer connections, then fewer intermediate drivers. */
function better(a: Pick<Candidate, 'config' | 'steps' | 'outOfOrder'>, b: Pick<Candidate, 'config' | 'steps' | 'outOfOrder'>): boolean {
  const key = (c: typeof a) => [c.steps.length, c.outOfOrder, c.config.remotes.length, c.config.ims, c.config.receiveBuffer === 65_535 ? 0 : 1, c.config.remotes.filter((r) => r !== 2).length];
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return false;
}

/** The steps with step i, a delivery, replaced by the delivery of the oldest pending item; undefined if it is that already. */
function inFifoOrder(options: CheckOptions, invariants: readonly Invariant[], c: Candidate, i: number): ActionStep[] | undefined {
  const step = c.steps[i];
  if (!step || !('deliver' in step) || typeof step.deliver !== 'object') return undefined;
  const m = newRun(options, c.config, invariants);
  try {
    for (const s of c.steps.slice(0, i)) if (!judgeStep(m, s)) return undefined;
  } catch {
    return undefined;
  }
  const head = m.sim.pending()[0];
  if (!head) return undefined;
  const fifo = deliverStepFor(m.sim, head, m.connections);
  if (JSON.stringify(fifo) === JSON.stringify(step)) return undefined;
  return c.steps.map((s, j) => (j === i ? fifo : s));
}

/** The steps without connection k (and every step naming it), the later connections renumbered down. */
function withoutConnection(steps: readonly ActionStep[], k: number, count: number): ActionStep[] | undefined {
  const gone = connectionId(k);
  const rename = new Map(Array.from({ length: count - k }, (_, j) => [connectionId(k + 1 + j), connectionId(k + j)]));
  const out: ActionStep[] = [];
  for (const s of steps) {
    const text = JSON.stringify(s);
    const names = new Set(text.match(/"c\d+"/g)?.map((q) => q.slice(1, -1)) ?? []);
    if (names.has(gone)) {
      if ('upload' in s && s.upload.length > 1) { // the ending's upload names every connection
        out.push({ upload: s.upload.filter((c) => c !== gone).map((c) => rename.get(c) ?? c) });
      }
      continue;
    }
    out.push(JSON.parse(text.replace(/"c(\d+)"/g, (q, n: string) => `"${rename.get(`c${n}`) ?? `c${n}`}"`)) as ActionStep);
  }
  return out;
}

/** The names of the other breaks, once each. */
export function othersOf(all: readonly InvariantBreak[], first: InvariantBreak): string[] {
  return [...new Set(all.map((b) => b.invariant))].filter((n) => n !== first.invariant);
}

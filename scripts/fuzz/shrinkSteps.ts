/**
 * Shrinks a fuzzing counterexample: drops steps one at a time (from the end, then again until nothing
 * more can go) as long as the replay still breaks the same invariant. Greedy, a few hundred replays
 * for a run of 60 steps.
 */
import type { ActionStep } from '../../src/scenario/performStep.js';
import { replayBreak, type FoundBreak, type RunShape } from './fuzzRun.js';

export function shrinkSteps(shape: RunShape, found: FoundBreak, deadline: number): FoundBreak {
  let best = found;
  for (let progress = true; progress && Date.now() < deadline; ) {
    progress = false;
    for (let i = best.steps.length - 1; i >= 0 && Date.now() < deadline; i--) {
      const fewer: ActionStep[] = best.steps.filter((_, k) => k !== i);
      const again = replayBreak(shape, fewer);
      if (again && again.broken.invariant === best.broken.invariant) {
        best = again;
        progress = true;
        i = Math.min(i, best.steps.length);
      }
    }
  }
  return best;
}

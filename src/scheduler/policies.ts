/**
 * Scheduling policies: which enabled pending item is delivered next. FIFO (the order they were made),
 * seeded random (same seed, same choices), and explicit choice (a list of indices, e.g. from a scenario
 * or a counterexample).
 */
import type { PendingItem } from './PendingItem.js';
import { createPrng } from './prng.js';

export interface SchedulingPolicy {
  readonly name: string;
  /** Index into `enabled` (never empty) of the item to deliver next. */
  pick(enabled: readonly PendingItem[]): number;
  /** True when the policy always picks the oldest item (which is always enabled): the scheduler skips listing. */
  readonly oldestFirst?: boolean;
}

export function fifoPolicy(): SchedulingPolicy {
  return { name: 'fifo', pick: () => 0, oldestFirst: true };
}

export function seededRandomPolicy(seed: number): SchedulingPolicy {
  const random = createPrng(seed);
  return { name: `random(seed ${seed})`, pick: (enabled) => Math.floor(random() * enabled.length) };
}

/** Picks `choices[0]`, then `choices[1]`, ...; an index past the end is clamped; FIFO once exhausted. */
export function explicitChoicePolicy(choices: readonly number[]): SchedulingPolicy {
  let next = 0;
  return {
    name: `choice(${choices.join(',')})`,
    pick: (enabled) => {
      const k = next < choices.length ? (choices[next++] ?? 0) : 0;
      return Math.min(Math.max(0, k), enabled.length - 1);
    },
  };
}

/**
 * Scheduling policies: which enabled pending item is delivered next. FIFO (the order they were made),
 * seeded random (same seed, same choices: the random numbers come from the simulation's own generator,
 * which is part of its state), and explicit choice (a list of indices, e.g. from a scenario or a
 * counterexample). A policy is code, part of the environment, not of the state.
 */
import type { PendingItem } from './PendingItem.js';

export interface SchedulingPolicy {
  readonly name: string;
  /** Index into `enabled` (never empty) of the item to deliver next; `random` draws from the simulation's generator. */
  pick(enabled: readonly PendingItem[], random: () => number): number;
  /** True when the policy always picks the oldest item (which is always enabled): the scheduler skips listing. */
  readonly oldestFirst?: boolean;
}

export function fifoPolicy(): SchedulingPolicy {
  return { name: 'fifo', pick: () => 0, oldestFirst: true };
}

/** Uniformly random among the enabled items; `seed` seeds the simulation's generator (and names the policy). */
export function seededRandomPolicy(seed: number): SchedulingPolicy {
  return { name: `random(seed ${seed})`, pick: (enabled, random) => Math.floor(random() * enabled.length) };
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

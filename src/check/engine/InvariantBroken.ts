/** Thrown inside a check run when an invariant breaks: fast-check sees the run fail, and keeps the break. */
import type { InvariantBreak } from '../invariants/Invariant.js';

export class InvariantBroken extends Error {
  constructor(
    /** The first break, the one the counterexample is about. */
    readonly broken: InvariantBreak,
    /** Every break found at that step (several rules can break at one crossing). */
    readonly all: readonly InvariantBreak[] = [broken],
  ) {
    super(`${broken.invariant}: ${broken.message}`);
    this.name = 'InvariantBroken';
  }
}

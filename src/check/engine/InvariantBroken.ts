/** Thrown inside a check run when an invariant breaks: fast-check sees the run fail, and keeps the break. */
import type { InvariantBreak } from '../invariants/Invariant.js';

export class InvariantBroken extends Error {
  constructor(readonly broken: InvariantBreak) {
    super(`${broken.invariant}: ${broken.message}`);
    this.name = 'InvariantBroken';
  }
}

/** The wire will lose the next segment from the target or the host (only where the wire can lose: a lossy-wire fault's check). */
import fc from 'fast-check';
import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const wireDrop = (): fc.Arbitrary<StepCommand> =>
  fc.constantFrom('target' as const, 'host' as const).map((from) => new FixedStepCommand({ drop: { from, nth: 1 } }, []));

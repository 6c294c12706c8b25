/** NDIS delivers everything pending, oldest first, until nothing is left. */
import fc from 'fast-check';
import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const deliverAll = (): fc.Arbitrary<StepCommand> => fc.constant(null).map(() => new FixedStepCommand({ deliver: 'all' }, [], (m) => m.sim.pending().length > 0));

/** The host uploads everything it offloaded, as for a power transition. */
import fc from 'fast-check';
import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const uploadAll = (): fc.Arbitrary<StepCommand> => fc.constant(null).map(() => new FixedStepCommand({ 'upload-all': true }, []));

/** The host decides to offload a connection: NdisInitiateOffload. */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const offload = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  connection.map((c) => new FixedStepCommand({ offload: [c] }, [c]));

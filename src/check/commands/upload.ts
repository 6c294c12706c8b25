/** The host decides to upload a connection: NdisTerminateOffload. */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const upload = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  connection.map((c) => new FixedStepCommand({ upload: [c] }, [c]));

/** The host queries a connection: NdisQueryOffloadState. */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const query = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  connection.map((c) => new FixedStepCommand({ query: c }, [c]));

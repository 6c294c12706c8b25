/** The host updates a connection's cached variables: NdisUpdateOffload. */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const update = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  connection.map((c) => new FixedStepCommand({ update: { connection: c, cached: { TtlOrHopLimit: 64 } } }, [c]));

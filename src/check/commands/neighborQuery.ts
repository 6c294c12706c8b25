/** The target finds a connection's neighbor stale and asks the host (NdisMOffloadEventIndicate, NeighborReachabilityQuery). */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const neighborQuery = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  connection.map((c) => new FixedStepCommand({ 'neighbor-query': { connection: c, nrd: 1_000 } }, [c]));

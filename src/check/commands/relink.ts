/** The next hop of a connection's path changes: the host re-links the path to another neighbor (NdisUpdateOffload). */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const relink = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.constantFrom('10.0.0.2', '10.0.0.253', '10.0.0.254')).map(([c, nextHop]) => new FixedStepCommand({ relink: { connection: c, 'next-hop': nextHop } }, [c]));

/** The application writes to a connection (NdisOffloadTcpSend while it is offloaded). */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const send = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.integer({ min: 1, max: 500 })).map(([c, bytes]) => new FixedStepCommand({ send: { connection: c, bytes } }, [c]));

/** The application posts a receive buffer (NdisOffloadTcpReceive while offloaded); a no-push one completes only when full. */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const receive = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.integer({ min: 1, max: 600 }), fc.boolean()).map(([c, bytes, noPush]) => new FixedStepCommand({ receive: { connection: c, bytes, 'no-push': noPush } }, [c]));

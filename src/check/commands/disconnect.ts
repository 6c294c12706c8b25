/** The application closes a connection, gracefully (FIN) or abortively (RST): NdisOffloadTcpDisconnect while offloaded. */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const disconnect = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.boolean()).map(([c, abortive]) => new FixedStepCommand({ disconnect: { connection: c, abortive } }, [c]));

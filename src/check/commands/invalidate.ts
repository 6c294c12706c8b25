/** The host invalidates a connection's TCP, path or neighbor object: NdisInvalidateOffload. */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const invalidate = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.constantFrom('tcp' as const, 'path' as const, 'neighbor' as const)).map(([c, object]) => new FixedStepCommand({ invalidate: { connection: c, object } }, [c]));

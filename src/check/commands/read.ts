/** The application reads what the host kept for it: everything, or up to some bytes. */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const read = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined })).map(([c, bytes]) => new FixedStepCommand({ read: bytes === undefined ? { connection: c } : { connection: c, bytes } }, [c]));

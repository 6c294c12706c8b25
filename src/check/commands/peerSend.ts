/** The remote peer sends data in one segment (PSH or not, sometimes urgent). */
import fc from 'fast-check';
import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const peerSend = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.integer({ min: 1, max: 800 }), fc.boolean(), fc.constantFrom(false, false, false, false, false, false, false, true)).map(
    ([c, bytes, push, urgent]) => new FixedStepCommand({ 'peer-send': { connection: c, bytes, push, urgent } }, [c]),
  );

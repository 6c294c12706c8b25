/** The remote peer resets a connection: an RST on the wire (sometimes out of window, which the receiver must drop). */
import fc from 'fast-check';
import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const peerRst = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.boolean()).map(([c, outOfWindow]) => new FixedStepCommand({ 'peer-rst': { connection: c, 'out-of-window': outOfWindow } }, [c]));

/** The remote peer closes its send half: a FIN on the wire. */
import fc from 'fast-check';
import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const peerFin = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  connection.map((c) => new FixedStepCommand({ 'peer-fin': c }, [c]));

/** The NIC's state for a connection becomes corrupt: its next query, invalidate or terminate fails (reference §6.2). */
import fc from 'fast-check';

import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const hardwareFailure = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  connection.map((c) => new FixedStepCommand({ 'hardware-failure': c }, [c]));

/** The target tells the host its optimum send backlog: NdisTcpOffloadEventHandler(TcpIndicateSendBacklogChange, bytes). */
import fc from 'fast-check';
import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const indicateSendBacklogChange = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.integer({ min: 1, max: 1 << 20 })).map(
    ([c, bytes]) => new FixedStepCommand({ indicate: { connection: c, event: 'TcpIndicateSendBacklogChange', bytes } }, [c]),
  );

/** The target asks for an upload: NdisTcpOffloadEventHandler(TcpIndicateRetrieve, reason). */
import fc from 'fast-check';
import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const indicateRetrieve = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.constantFrom('LowActivity' as const, 'UploadRequested' as const, 'HardwareFailure' as const)).map(
    ([c, reason]) => new FixedStepCommand({ indicate: { connection: c, event: 'TcpIndicateRetrieve', reason } }, [c]),
  );

/** The remote peer sends data in one segment (PSH or not, sometimes urgent). */
import fc from 'fast-check';
import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const peerSend = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.integer({ min: 1, max: 800 }), fc.boolean(), fc.constantFrom(false, false, false, false, false, false, false, true)).map(
    ([c, bytes, push, urgent]) => new FixedStepCommand({ 'peer-send': { connection: c, bytes, push, urgent } }, [c]),
  );

/**
 * A misbehaving peer sends past this machine's window (65535 unless the topology says otherwise): the
 * receiver must drop the excess and ACK with its window; a target that takes it breaks
 * target-acks-within-advertised-window.
 */
export const peerSendPastWindow = (connection: fc.Arbitrary<string>): fc.Arbitrary<StepCommand> =>
  fc.tuple(connection, fc.integer({ min: 65_536, max: 70_000 })).map(
    ([c, bytes]) => new FixedStepCommand({ 'peer-send': { connection: c, bytes, push: true, urgent: false, 'ignore-window': true } }, [c]),
  );

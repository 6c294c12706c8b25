/** The target raises an adapter-wide status: NdisMIndicateStatusEx(NDIS_STATUS_OFFLOAD_PAUSE, _UPLOAD_ALL or _OFFLOAD_RESUME). */
import fc from 'fast-check';
import { FixedStepCommand, type StepCommand } from './StepCommand.js';

export const status = (): fc.Arbitrary<StepCommand> =>
  fc
    .constantFrom('NDIS_STATUS_UPLOAD_ALL' as const, 'NDIS_STATUS_OFFLOAD_RESUME' as const, 'NDIS_STATUS_OFFLOAD_PAUSE' as const)
    .map((code) => new FixedStepCommand({ status: code }, []));

/**
 * Deliberate fault `im-swallows-status-indication`: an intermediate driver that never passes the
 * adapter status indications from below (NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_UPLOAD_ALL,
 * NDIS_STATUS_OFFLOAD_RESUME) up with NdisMIndicateStatusEx (reference §6.10, §7.5): the host keeps
 * offloading to a paused target, or never uploads when told to. Overrides ProtocolStatusEx and nothing else.
 */
import type { IntermediateDriver } from '../IntermediateDriver.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imSwallowsStatusIndication: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-swallows-status-indication',
  ProtocolStatusEx: () => {
    // the bug: nothing goes up
  },
};

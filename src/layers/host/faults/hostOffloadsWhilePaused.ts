/**
 * Deliberate fault `host-offloads-while-paused`: a host stack that offloads when told to even after
 * NDIS_STATUS_OFFLOAD_PAUSE or NDIS_STATUS_UPLOAD_ALL (reference §6.10: nothing new until
 * NDIS_STATUS_OFFLOAD_RESUME). Overrides the Offload command; every other handler is the reference host's.
 */
import { initiateOffload } from '../decisions/initiateOffload.js';
import type { HostStackHandlers } from '../HostStackHandlers.js';
import { tcbsNamed } from '../lookup.js';
import { referenceHostStack } from '../referenceHostStack.js';

export const hostOffloadsWhilePaused: HostStackHandlers = {
  ...referenceHostStack,
  Offload: (c, e) => initiateOffload(c, tcbsNamed(c.s, e.connections)),
};

/**
 * ProtocolUpdateOffloadComplete — NDIS calls it when the layer below completes the host's
 * NdisUpdateOffload: the operation is no longer in flight, and a FAILURE means the host uploads.
 */
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import type { HostContext } from '../HostContext.js';
import { operationComplete } from '../operationComplete.js';

/** ProtocolUpdateOffloadComplete: see operationComplete. */
export function ProtocolUpdateOffloadComplete(c: HostContext, { OffloadBlockList }: ProtocolHandlerArgs['ProtocolUpdateOffloadComplete']): void {
  operationComplete(c, 'ProtocolUpdateOffloadComplete', OffloadBlockList);
}

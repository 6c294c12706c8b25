/**
 * ProtocolInvalidateOffloadComplete — NDIS calls it when the layer below completes the host's
 * NdisInvalidateOffload: the operation is no longer in flight, and a FAILURE means the host uploads.
 */
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import type { HostContext } from '../HostContext.js';
import { operationComplete } from '../operationComplete.js';

/** ProtocolInvalidateOffloadComplete: see operationComplete. */
export function ProtocolInvalidateOffloadComplete(c: HostContext, { OffloadBlockList }: ProtocolHandlerArgs['ProtocolInvalidateOffloadComplete']): void {
  operationComplete(c, 'ProtocolInvalidateOffloadComplete', OffloadBlockList);
}

/**
 * ProtocolQueryOffloadComplete — NDIS calls it when the layer below completes the host's
 * NdisQueryOffloadState: the operation is no longer in flight, and a FAILURE means the host uploads.
 */
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import type { HostContext } from '../HostContext.js';
import { operationComplete } from '../operationComplete.js';

/** ProtocolQueryOffloadComplete: see operationComplete. */
export function ProtocolQueryOffloadComplete(c: HostContext, { OffloadBlockList }: ProtocolHandlerArgs['ProtocolQueryOffloadComplete']): void {
  operationComplete(c, 'ProtocolQueryOffloadComplete', OffloadBlockList);
}

/**
 * Corrupt hardware (reference §6.2, "Corrupt hardware during terminate (and likewise during query or
 * invalidate)"). A connection whose NIC state is corrupt fails the next query or invalidate that names
 * it, and then, in this order: the operation completes with NDIS_STATUS_FAILURE on its node;
 * TcpIndicateRetrieve(HardwareFailure); TcpIndicateAbort, with every outstanding send, receive and
 * disconnect completed NDIS_STATUS_REQUEST_ABORTED; the host's MiniportTerminateOffload then completes
 * with nothing left outstanding. A terminate that is the first to meet the corruption completes the
 * node with FAILURE (its delegated state is lost) after completing outstanding I/O REQUEST_ABORTED.
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../../ndis/TCP_UPLOAD_REASON.js';
import type { OffloadTargetCommand } from './offloadTarget.js';
import { findConnection, type OffloadTargetContext } from './OffloadTargetContext.js';
import { abortConnection } from './targetAbort.js';
import { indicateAbort } from './targetIndications.js';
import { fourTupleText, hasFlag, TargetFlags, type TargetObject } from './TargetObject.js';

/** The NIC's state for a connection becomes corrupt (a test or scenario arranges it). */
export function hardwareFailure(c: OffloadTargetContext, event: Extract<OffloadTargetCommand, { type: 'HardwareFailure' }>): void {
  const o = findConnection(c, event.connection);
  if (!o) {
    c.report.decision(`has no offloaded connection ${fourTupleText(event.connection)}; nothing to corrupt`);
    return;
  }
  o.flags |= TargetFlags.HardwareFailure;
  c.report.decision('its state for the connection is corrupt: the next query, invalidate or terminate of it fails', o.NdisOffloadHandle.label);
}

/** Query or invalidate: a corrupt connection's node fails (step 1); true when it did. */
export function failsForHardware(o: TargetObject, node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): boolean {
  if (o.layer !== 'Tcp' || !hasFlag(o, TargetFlags.HardwareFailure) || hasFlag(o, TargetFlags.Aborted)) return false;
  node.Status = NDIS_STATUS.NDIS_STATUS_FAILURE;
  return true;
}

/** After the failed operation completed: TcpIndicateRetrieve(HardwareFailure), then TcpIndicateAbort (steps 2-3). */
export function reportHardwareFailure(c: OffloadTargetContext, failed: readonly TargetObject[]): void {
  for (const o of failed) {
    o.flags |= TargetFlags.UploadRequested;
    c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.HardwareFailure);
    indicateAbort(c, o);
  }
}

/** Terminate: a corruption not yet reported fails the node, after outstanding I/O completed REQUEST_ABORTED; true when it did. */
export function terminateFailsForHardware(c: OffloadTargetContext, o: TargetObject, node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): boolean {
  if (o.layer !== 'Tcp' || !hasFlag(o, TargetFlags.HardwareFailure) || hasFlag(o, TargetFlags.Aborted)) return false;
  abortConnection(c, o);
  node.Status = NDIS_STATUS.NDIS_STATUS_FAILURE;
  return true;
}

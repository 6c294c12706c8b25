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

/** The failed operation completed (step 1): the report follows once that completion has returned. */
export function reportHardwareFailure(c: OffloadTargetContext, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, failed: readonly TargetObject[]): void {
  if (failed.length > 0) c.hardwareReports.set(M, [...failed]);
}

/** The failed query's or invalidate's completion returned: TcpIndicateRetrieve(HardwareFailure), then TcpIndicateAbort (steps 2-3). */
export function hardwareFailureCompleteReturned(c: OffloadTargetContext, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  const failed = c.hardwareReports.get(M) ?? [];
  c.hardwareReports.delete(M);
  for (const o of failed) if (!hasFlag(o, TargetFlags.Terminated)) reportNow(c, o);
}

/**
 * Terminate. A corruption a failed query or invalidate met, not reported yet (the host terminated from
 * inside that completion): the report goes now, before the terminate completes (steps 2-4), and the
 * terminate goes on. A corruption nothing met before: outstanding I/O completes REQUEST_ABORTED and the
 * node fails; true then.
 */
export function terminateFailsForHardware(c: OffloadTargetContext, o: TargetObject, node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): boolean {
  if (o.layer !== 'Tcp' || !hasFlag(o, TargetFlags.HardwareFailure) || hasFlag(o, TargetFlags.Aborted)) return false;
  for (const [M, failed] of c.hardwareReports) {
    if (!failed.includes(o)) continue;
    failed.splice(failed.indexOf(o), 1);
    if (failed.length === 0) c.hardwareReports.delete(M);
    reportNow(c, o);
    return false;
  }
  abortConnection(c, o);
  node.Status = NDIS_STATUS.NDIS_STATUS_FAILURE;
  return true;
}

/** Steps 2-3 for one connection: TcpIndicateRetrieve(HardwareFailure), TcpIndicateAbort (its outstanding I/O completes REQUEST_ABORTED). */
function reportNow(c: OffloadTargetContext, o: TargetObject): void {
  o.flags |= TargetFlags.UploadRequested;
  c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.HardwareFailure);
  indicateAbort(c, o);
}

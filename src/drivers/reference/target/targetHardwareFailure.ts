/**
 * Corrupt hardware (reference §6.2, "Corrupt hardware during terminate (and likewise during query or
 * invalidate)"). A connection whose NIC state is corrupt fails the next query or invalidate that names
 * it, and then, in this order: the operation completes with NDIS_STATUS_FAILURE on its node;
 * TcpIndicateRetrieve(HardwareFailure); TcpIndicateAbort, with every outstanding send, receive and
 * disconnect completed NDIS_STATUS_REQUEST_ABORTED; the host's MiniportTerminateOffload then completes
 * with nothing left outstanding. A terminate that is the first to meet the corruption completes the
 * node with FAILURE (its delegated state is lost) after completing outstanding I/O REQUEST_ABORTED.
 */
import type { NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../ndis/blockList.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../../../ndis/TCP_UPLOAD_REASON.js';
import { fourTupleText, type FourTuple } from '../../../wire/FourTuple.js';
import { findConnection, type TargetCall } from './TargetCall.js';
import { abortConnection } from './targetAbort.js';
import { indicateAbort } from './targetIndications.js';
import { hasFlag, isTerminating, TargetFlags, type TargetObject } from './TargetState.js';

/** The NIC's state for a connection becomes corrupt (a test or scenario arranges it). */
export function hardwareFailure(c: TargetCall, connection: FourTuple): void {
  const o = findConnection(c.s, connection);
  if (!o) {
    c.ndis.DbgPrint(`has no offloaded connection ${fourTupleText(connection)}; nothing to corrupt`);
    return;
  }
  o.flags |= TargetFlags.HardwareFailure;
  c.ndis.DbgPrint('its state for the connection is corrupt: the next query, invalidate or terminate of it fails', o.NdisOffloadHandle.label);
}

/** Query or invalidate: a corrupt connection's node fails (step 1); true when it did. */
export function failsForHardware(o: TargetObject, node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): boolean {
  if (o.layer !== 'Tcp' || !hasFlag(o, TargetFlags.HardwareFailure) || hasFlag(o, TargetFlags.Aborted)) return false;
  node.Status = NDIS_STATUS.NDIS_STATUS_FAILURE;
  return true;
}

/**
 * Before a failed query or invalidate completes: the target marks the tree (its root's MiniportReserved[0])
 * with a report number, so that it knows the tree again when NDIS says the completion returned. Null when
 * nothing failed.
 */
export function tagForHardwareReport(c: TargetCall, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, failed: readonly TargetObject[]): number | null {
  if (failed.length === 0) return null;
  const report = c.s.nextReportId++;
  M.MiniportReserved[0] = report;
  return report;
}

/** The failed operation completed (step 1): the report follows once that completion has returned. */
export function reportHardwareFailure(c: TargetCall, report: number | null, failed: readonly TargetObject[]): void {
  if (report !== null) c.s.hardwareReports[report] = failed.map((o) => o.serial);
}

/** The failed query's or invalidate's completion returned: TcpIndicateRetrieve(HardwareFailure), then TcpIndicateAbort (steps 2-3). */
export function hardwareFailureCompleteReturned(c: TargetCall, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  const tag = M.MiniportReserved[0];
  if (typeof tag !== 'number') return;
  const failed = c.s.hardwareReports[tag] ?? [];
  delete c.s.hardwareReports[tag];
  for (const serial of failed) {
    const o = c.s.objects.find((x) => x?.serial === serial);
    if (o && !isTerminating(o)) reportNow(c, o);
  }
}

/**
 * Terminate. A corruption a failed query or invalidate met, not reported yet (the host terminated from
 * inside that completion): the report goes now, before the terminate completes (steps 2-4), and the
 * terminate goes on. A corruption nothing met before: outstanding I/O completes REQUEST_ABORTED and the
 * node fails; true then.
 */
export function terminateFailsForHardware(c: TargetCall, o: TargetObject, node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): boolean {
  if (o.layer !== 'Tcp' || !hasFlag(o, TargetFlags.HardwareFailure) || hasFlag(o, TargetFlags.Aborted)) return false;
  for (const [key, failed] of Object.entries(c.s.hardwareReports)) {
    const at = failed.indexOf(o.serial);
    if (at < 0) continue;
    failed.splice(at, 1);
    if (failed.length === 0) delete c.s.hardwareReports[Number(key)];
    reportNow(c, o);
    return false;
  }
  abortConnection(c, o);
  node.Status = NDIS_STATUS.NDIS_STATUS_FAILURE;
  return true;
}

/** Steps 2-3 for one connection: TcpIndicateRetrieve(HardwareFailure), TcpIndicateAbort (its outstanding I/O completes REQUEST_ABORTED). */
function reportNow(c: TargetCall, o: TargetObject): void {
  o.flags |= TargetFlags.UploadRequested;
  c.ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.HardwareFailure);
  indicateAbort(c, o);
}

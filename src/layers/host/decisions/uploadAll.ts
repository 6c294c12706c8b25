/** The host uploads everything: on NDIS_STATUS_UPLOAD_ALL from the target, or by its own decision (reference §6.10). */
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { HostContext } from '../HostContext.js';
import { terminateOffload } from './terminateOffload.js';

/** NDIS_STATUS_UPLOAD_ALL, or the host's own decision: upload every connection, path and neighbor. */
export function uploadAll(c: HostContext, fromTarget: boolean): void {
  const tcbs = Object.values(c.s.tcbs);
  for (const t of tcbs) if (t.offload === TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloading) t.uploadOwed = -1; // upload when it completes
  if (fromTarget) c.s.releaseAll = true; // paths and neighbors still in use go when they become idle
  terminateOffload(c, tcbs, { everything: true });
}

/** The host has decided a connection must come back: it terminates now, or once the initiate in flight completes. */
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from '../tcp/Tcb.js';
import { terminateOffload } from './terminateOffload.js';

/** Uploads `t` now if Offloaded; owes the upload (`reason`) if still Offloading; otherwise it is already on its way back. */
export function uploadNowOrOwe(c: HostContext, t: Tcb, reason: number, why: string): void {
  if (t.offload === S.TcpConnectionOffloadStateOffloaded) {
    if (c.report.wanted) c.report.decision(`${why}: terminates the offload of ${t.label}`, t.label);
    terminateOffload(c, [t]);
  } else if (t.offload === S.TcpConnectionOffloadStateOffloading) {
    t.uploadOwed = reason;
    if (c.report.wanted) c.report.decision(`${why}, but the initiate is still in flight: uploads when it completes`, t.label);
  } else if (c.report.wanted) {
    c.report.decision(`${why}; ${t.label} is already on its way back to the host`, t.label);
  }
}

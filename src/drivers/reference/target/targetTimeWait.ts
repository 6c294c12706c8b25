/**
 * An offloaded connection that enters TIME_WAIT is uploaded (reference §6.9, §6.12; the WDK's "Overview
 * of TCP Timers": "If an offloaded connection enters the TIME_WAIT state, the offload target should
 * initiate termination of the offload of that connection"). The target asks with
 * TcpIndicateRetrieve(UploadRequested): the reference names no reason for it, and UploadRequested is the
 * mandatory one for an unspecified reason (TimeoutExpiration is for a timer that expired, and no timer
 * has). The host runs the 2MSL timer once it has the connection back; the target runs none.
 */
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../../../ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE } from '../../../ndis/TCPSTATE.js';
import type { TargetCall } from './TargetCall.js';
import { indicateWhenInitiateReturned } from './targetIndications.js';
import { delegatedOf, hasFlag, TargetFlags, type TargetObject } from './TargetState.js';

/** The connection has just entered TIME_WAIT: the target asks the host to upload it (once). */
export function uploadInTimeWait(c: TargetCall, o: TargetObject): void {
  if (delegatedOf(o).State !== TCPSTATE.TCPSTATE_TIME_WAIT || hasFlag(o, TargetFlags.UploadRequested)) return;
  o.flags |= TargetFlags.UploadRequested;
  indicateWhenInitiateReturned(c, o, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.UploadRequested);
}

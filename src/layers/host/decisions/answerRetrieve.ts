/** How the host answers TcpIndicateRetrieve (reference §2.3): mandatory reasons always upload; optional ones follow the policy. */
import { isMandatoryUploadReason, TcpUploadReasonEnum } from '../../../ndis/TCP_UPLOAD_REASON.js';
import type { HostContext } from '../HostContext.js';
import type { Tcb } from '../tcp/Tcb.js';
import { uploadNowOrOwe } from './uploadNowOrOwe.js';

/** TcpIndicateRetrieve: mandatory reasons always upload; optional ones go to the host policy. */
export function answerRetrieve(c: HostContext, t: Tcb, reason: number): void {
  const name = TcpUploadReasonEnum.format(reason);
  if (!TcpUploadReasonEnum.isLegal(reason)) {
    return c.report.decision(`ignores TcpIndicateRetrieve with ${name}: not a TCP_UPLOAD_REASON`, t.label);
  }
  if (isMandatoryUploadReason(reason)) return uploadNowOrOwe(c, t, reason, `${name} is mandatory`);
  if (c.s.policy.optionalRetrieve === 'keep') {
    if (c.report.wanted) c.report.decision(`${name} is optional; policy keeps ${t.label} offloaded`, t.label);
    return;
  }
  uploadNowOrOwe(c, t, reason, `${name} is optional; policy uploads`);
}

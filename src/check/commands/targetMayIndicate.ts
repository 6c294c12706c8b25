/**
 * The check tells the target when to indicate, so it keeps to the rules a target keeps by itself: no
 * indication before the initiate completion has returned (reference §8 item 4; the host has it once the
 * connection shows Offloaded), and no Retrieve for an optional reason once the peer's FIN may have been
 * indicated (§6.9).
 */
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { isMandatoryUploadReason, TcpUploadReasonEnum } from '../../ndis/TCP_UPLOAD_REASON.js';
import type { CheckModel } from './CheckModel.js';

/** `reason`: a TcpIndicateRetrieve's TCP_UPLOAD_REASON, by name or value (none for other events). */
export function targetMayIndicate(m: Readonly<CheckModel>, connection: string, reason?: string | number): boolean {
  if (m.sim.connection(connection).offload !== TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloaded) return false;
  if (reason === undefined) return true;
  const value = typeof reason === 'number' ? reason : TcpUploadReasonEnum.valueOf(reason);
  return (value !== undefined && isMandatoryUploadReason(value)) || !m.sim.peerView(connection).finSent;
}

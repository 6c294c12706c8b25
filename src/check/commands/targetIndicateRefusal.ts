/**
 * Why the target may not indicate on a connection now, as a sentence (undefined when it may): the
 * reasons behind targetMayIndicate, which answers with their absence. A target keeps to them by itself:
 * no indication before the initiate completion has returned (reference §8 item 4; the host has it once
 * the connection shows Offloaded), and no Retrieve for an optional reason once the connection is half
 * closed (FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT), or will be when the peer's FIN on the wire is taken (§6.9).
 */
import { offloadStateShortName, TCP_CONNECTION_OFFLOAD_STATE } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { isMandatoryUploadReason, TcpUploadReasonEnum } from '../../ndis/TCP_UPLOAD_REASON.js';
import { tcpStateShortName } from '../../ndis/TCPSTATE.js';
import { tcbLabel } from '../../layers/host/lookup.js';
import { HALF_CLOSED } from '../../rules/monitor/TcpStateLedger.js';
import type { CheckModel } from './CheckModel.js';

/** `reason`: a TcpIndicateRetrieve's TCP_UPLOAD_REASON, by name or value (none for other events). */
export function targetIndicateRefusal(m: Readonly<Pick<CheckModel, 'sim'>>, connection: string, reason?: string | number): string | undefined {
  const offload = m.sim.connection(connection).offload;
  if (offload !== TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloaded) {
    return `tcp ${connection} is ${offloadStateShortName(offload)}, not Offloaded: a target indicates only on a connection whose initiate completion has returned (reference §8 item 4)`;
  }
  if (reason === undefined) return undefined;
  const value = typeof reason === 'number' ? reason : TcpUploadReasonEnum.valueOf(reason);
  if (value !== undefined && isMandatoryUploadReason(value)) return undefined;
  // The rule (no-discretionary-retrieve-when-half-closed) judges the TCP state the calls and the wire show;
  // the peer's FIN still on the wire will make the connection half closed before this indication crosses.
  const view = m.sim.rules.monitor.tcp(tcbLabel(connection));
  const finSent = m.sim.peerView(connection).finSent;
  if (!finSent && (!view || !HALF_CLOSED.has(view.state))) return undefined;
  const named = value === undefined ? String(reason) : TcpUploadReasonEnum.format(value);
  const why = view && HALF_CLOSED.has(view.state) ? `tcp ${connection} is in ${tcpStateShortName(view.state)}` : `the peer has sent its FIN on tcp ${connection}`;
  return `${why}: a target asks for no upload of a half-closed connection for a reason that is not mandatory (${named}; reference §6.9)`;
}

/**
 * What else the environment could do at a step, for the report's "why not?": per connection of the
 * scenario the host offloads, uploads, sends, posts a buffer, reads, queries, updates or invalidates;
 * the application closes; the target asks for an upload (a mandatory and an optional reason),
 * indicates a send backlog or a disconnect; the peer sends data, its FIN or an RST; and the target's
 * adapter statuses. The same kinds as chimney explore's alphabet, named by the scenario's own ids.
 */
import type { ActionStep } from '../scenario/performStep.js';

export function reportActions(connections: readonly string[]): ActionStep[] {
  const out: ActionStep[] = [];
  for (const c of connections) {
    out.push(
      { offload: [c] },
      { upload: [c] },
      { send: { connection: c, bytes: 100 } },
      { receive: { connection: c, bytes: 100, 'no-push': false } },
      { read: { connection: c } },
      { query: c },
      { update: { connection: c, cached: { TtlOrHopLimit: 64 } } },
      { invalidate: { connection: c, object: 'tcp' } },
      { disconnect: { connection: c, abortive: false } },
      { indicate: { connection: c, event: 'TcpIndicateRetrieve', reason: 'HardwareFailure' } },
      { indicate: { connection: c, event: 'TcpIndicateRetrieve', reason: 'LowActivity' } },
      { indicate: { connection: c, event: 'TcpIndicateSendBacklogChange', bytes: 65_536 } },
      { indicate: { connection: c, event: 'TcpIndicateDisconnect' } },
      { 'peer-send': { connection: c, bytes: 100, push: true, urgent: false } },
      { 'peer-fin': c },
      { 'peer-rst': { connection: c, 'out-of-window': false } },
    );
  }
  out.push({ status: 'NDIS_STATUS_OFFLOAD_PAUSE' }, { status: 'NDIS_STATUS_UPLOAD_ALL' }, { status: 'NDIS_STATUS_OFFLOAD_RESUME' });
  return out;
}

/**
 * What the environment may do at any state of an exploration, besides delivering a pending item: per
 * connection the host offloads, uploads, sends and posts a buffer, the application closes, the target
 * asks for an upload (a mandatory and an optional reason) or indicates a send backlog, the peer sends
 * data, its FIN or an RST, the application reads, the host queries, updates or invalidates the
 * connection; and the target's adapter statuses. Small amounts, so the interesting part is
 * the order. Steps not allowed now (stepAllowed) are not taken, and each is taken at most once on a
 * path (the exploration is of orders, not of repetitions: a bounded environment, as in a TLA+ spec).
 */
import type { ActionStep } from '../../scenario/performStep.js';
import { connectionId } from '../commands/index.js';

/** The kinds of action of the alphabet, by their scenario step names. */
export const ACTION_KINDS = ['offload', 'upload', 'send', 'receive', 'peer-send', 'indicate', 'disconnect', 'peer-fin', 'peer-rst', 'read', 'query', 'update', 'invalidate', 'status', 'drop'] as const;

/** The alphabet for this many connections, only of the kinds given (all when none are). */
export function alphabet(connections: number, kinds: readonly string[] = ACTION_KINDS): ActionStep[] {
  for (const k of kinds) if (!(ACTION_KINDS as readonly string[]).includes(k)) throw new RangeError(`unknown action '${k}' (expected one of ${ACTION_KINDS.join(', ')})`);
  return everyAction(connections).filter((step) => kinds.includes(Object.keys(step)[0]!));
}

function everyAction(connections: number): ActionStep[] {
  const out: ActionStep[] = [];
  for (let k = 1; k <= connections; k++) {
    const c = connectionId(k);
    out.push(
      { offload: [c] },
      { upload: [c] },
      { send: { connection: c, bytes: 100 } },
      { receive: { connection: c, bytes: 100, 'no-push': false } },
      { 'peer-send': { connection: c, bytes: 100, push: true, urgent: false } },
      { indicate: { connection: c, event: 'TcpIndicateRetrieve', reason: 'HardwareFailure' } },
      { indicate: { connection: c, event: 'TcpIndicateRetrieve', reason: 'LowActivity' } },
      { indicate: { connection: c, event: 'TcpIndicateSendBacklogChange', bytes: 65_536 } },
      { disconnect: { connection: c, abortive: false } },
      { 'peer-fin': c },
      { 'peer-rst': { connection: c, 'out-of-window': false } },
      { read: { connection: c } },
      { query: c },
      { update: { connection: c, cached: { TtlOrHopLimit: 64 } } },
      { invalidate: { connection: c, object: 'tcp' } },
    );
  }
  // The wire loses the next segment from the target (taken only where the wire can lose: stepRefusal).
  out.push({ drop: { from: 'target', nth: 1 } });
  out.push({ status: 'NDIS_STATUS_OFFLOAD_PAUSE' }, { status: 'NDIS_STATUS_UPLOAD_ALL' }, { status: 'NDIS_STATUS_OFFLOAD_RESUME' });
  return out;
}

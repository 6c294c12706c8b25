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

/**
 * The kinds of action of the alphabet, by their scenario step names; `peer-send-past-window` is a
 * misbehaving peer (a peer-send with ignore-window, past the 65535-byte window), taken only when asked for.
 */
export const ACTION_KINDS = ['offload', 'upload', 'send', 'receive', 'peer-send', 'indicate', 'disconnect', 'peer-fin', 'peer-rst', 'read', 'query', 'update', 'invalidate', 'status', 'drop', 'peer-send-past-window'] as const;

/** The kinds an exploration takes when none are named: every kind but the misbehaving peer. */
const DEFAULT_KINDS: readonly string[] = ACTION_KINDS.filter((k) => k !== 'peer-send-past-window');

/** The kind of an action: its step name, or peer-send-past-window for a misbehaving peer's send. */
function kindOf(step: ActionStep): string {
  return 'peer-send' in step && step['peer-send']['ignore-window'] ? 'peer-send-past-window' : Object.keys(step)[0]!;
}

/** The alphabet for this many connections, only of the kinds given (all but the misbehaving peer when none are). */
export function alphabet(connections: number, kinds: readonly string[] = DEFAULT_KINDS): ActionStep[] {
  for (const k of kinds) if (!(ACTION_KINDS as readonly string[]).includes(k)) throw new RangeError(`unknown action '${k}' (expected one of ${ACTION_KINDS.join(', ')})`);
  return everyAction(connections).filter((step) => kinds.includes(kindOf(step)));
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
      { 'peer-send': { connection: c, bytes: 70_000, push: true, urgent: false, 'ignore-window': true } },
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

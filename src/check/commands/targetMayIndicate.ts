/**
 * The check tells the target when to indicate, so it keeps to the rules a target keeps by itself
 * (targetIndicateRefusal says which, and why): no indication before the initiate completion has
 * returned (reference §8 item 4), and no Retrieve for an optional reason once the peer's FIN may have
 * been indicated (§6.9).
 */
import type { CheckModel } from './CheckModel.js';
import { targetIndicateRefusal } from './targetIndicateRefusal.js';

/** `reason`: a TcpIndicateRetrieve's TCP_UPLOAD_REASON, by name or value (none for other events). */
export function targetMayIndicate(m: Readonly<CheckModel>, connection: string, reason?: string | number): boolean {
  return targetIndicateRefusal(m, connection, reason) === undefined;
}

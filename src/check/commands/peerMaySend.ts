/** The peer sends nothing more (data or FIN) once it sent its FIN or the connection was reset (peerSendRefusal says which). */
import type { CheckModel } from './CheckModel.js';
import { peerSendRefusal } from './peerSendRefusal.js';

export function peerMaySend(m: Readonly<CheckModel>, connection: string): boolean {
  return peerSendRefusal(m, connection) === undefined;
}

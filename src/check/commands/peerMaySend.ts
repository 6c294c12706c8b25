/** The peer sends nothing more (data or FIN) once it sent its FIN or the connection was reset. */
import type { CheckModel } from './CheckModel.js';

export function peerMaySend(m: Readonly<CheckModel>, connection: string): boolean {
  const peer = m.sim.peerView(connection);
  return !peer.finSent && !peer.reset;
}

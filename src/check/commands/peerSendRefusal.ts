/** Why the peer sends nothing more (data or FIN) on a connection, as a sentence: it sent its FIN, or the connection was reset. Undefined when it may send. */
import type { CheckModel } from './CheckModel.js';

export function peerSendRefusal(m: Readonly<Pick<CheckModel, 'sim'>>, connection: string): string | undefined {
  const peer = m.sim.peerView(connection);
  if (peer.reset) return `tcp ${connection} was reset (RST): the peer sends nothing more on it`;
  if (peer.finSent) return `the peer has closed its send half of tcp ${connection} (FIN): it sends nothing more on it`;
  return undefined;
}

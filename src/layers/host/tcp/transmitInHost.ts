/**
 * The host's own TCP sends: it transmits every queued byte not yet sent that the peer's window lets it
 * (RFC 793: nothing past SND.UNA + SND.WND; behind a zero window the persist timer probes), and frees
 * what the peer ACKs. A graceful close waiting for the data (closeOwed, or a FIN already numbered) follows
 * its last byte.
 */
import { nblEnd } from '../../../ndis/NET_BUFFER_LIST.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { fourTupleOf } from '../../../wire/FourTuple.js';
import type { HostContext } from '../HostContext.js';
import { closeInHost, sendFinInHost } from './closeInHost.js';
import { startPersistInHost } from './persistInHost.js';
import { advertiseInHost } from './receiveWindow.js';
import { sendEdge } from './sendWindow.js';
import { sendSegment } from './sendSegment.js';
import { armRetransmitInHost } from './retransmit.js';
import type { Tcb } from './Tcb.js';

/** In the host: the host's own TCP transmits every queued byte not yet sent, up to the peer's window (the wire loses nothing). */
export function transmitInHost(c: HostContext, t: Tcb): void {
  const s = t.stream;
  if (!s || t.offload !== S.TcpConnectionOffloadStateInHost) return;
  const edge = sendEdge(s);
  let sent = false;
  for (const n of s.sendQueue) {
    if (nblEnd(n) <= s.sndNxt) continue;
    const seq = Math.max(n.DataOffset, s.sndNxt);
    const end = Math.min(nblEnd(n), edge);
    if (end <= seq) break;
    sendSegment(c, { connection: fourTupleOf(t), seq, len: end - seq, ack: s.rcvNxt, wnd: advertiseInHost(c, s) });
    s.sndNxt = end;
    sent = true;
  }
  if (sent) armRetransmitInHost(c, t); // RFC 6298 §5.1: data sent starts the timer if it is not running
  startPersistInHost(c, t, s);
  const last = s.sendQueue[s.sendQueue.length - 1];
  if (s.closeOwed !== 0 && (!last || nblEnd(last) <= s.sndNxt) && !t.aborted) closeInHost(c, t, s.closeOwed); // the FIN after the last byte
  else sendFinInHost(c, t); // a FIN the close already numbered, once the data before it is sent
}

/** In the host: an ACK from the peer frees the NBLs it covers completely. */
export function ackInHost(t: Tcb, ack: number): void {
  const s = t.stream;
  if (!s) return;
  let done = 0;
  for (let n = s.sendQueue[0]; n && nblEnd(n) <= ack; n = s.sendQueue[++done]) s.ackedBytes += n.DataLength;
  if (done > 0) s.sendQueue = done === s.sendQueue.length ? [] : s.sendQueue.slice(done);
}

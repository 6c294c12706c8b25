/** The host's own TCP sends: it transmits every queued byte not yet sent, and frees what the peer ACKs. */
import { nblEnd } from '../../../ndis/NET_BUFFER_LIST.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { fourTupleOf } from '../../../wire/FourTuple.js';
import type { HostContext } from '../HostContext.js';
import { sendSegment } from './sendSegment.js';
import { armRetransmitInHost } from './retransmit.js';
import type { Tcb } from './Tcb.js';

/** In the host: the host's own TCP transmits every queued byte not yet sent (the wire loses nothing). */
export function transmitInHost(c: HostContext, t: Tcb): void {
  const s = t.stream;
  if (!s || t.offload !== S.TcpConnectionOffloadStateInHost) return;
  let sent = false;
  for (const n of s.sendQueue) {
    if (nblEnd(n) <= s.sndNxt) continue;
    const seq = Math.max(n.DataOffset, s.sndNxt);
    sendSegment(c, { connection: fourTupleOf(t), seq, len: nblEnd(n) - seq, ack: s.rcvNxt });
    s.sndNxt = nblEnd(n);
    sent = true;
  }
  if (sent) armRetransmitInHost(c, t); // RFC 6298 §5.1: data sent starts the timer if it is not running
}

/** In the host: an ACK from the peer frees the NBLs it covers completely. */
export function ackInHost(t: Tcb, ack: number): void {
  const s = t.stream;
  if (!s) return;
  let done = 0;
  for (let n = s.sendQueue[0]; n && nblEnd(n) <= ack; n = s.sendQueue[++done]) s.ackedBytes += n.DataLength;
  if (done > 0) s.sendQueue = done === s.sendQueue.length ? [] : s.sendQueue.slice(done);
}

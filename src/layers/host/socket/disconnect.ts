/**
 * The application closes a connection (reference §6.9). Offloaded: NdisOffloadTcpDisconnect with
 * TCP_DISCONNECT_GRACEFUL_CLOSE (a FIN after the data; the send half closes) or
 * TCP_DISCONNECT_ABORTIVE_CLOSE (an RST). In the host: the host's own TCP sends the FIN or RST. While
 * an offload or upload is in flight the host closes once it completes; a graceful close while send data
 * is held back by the optimum send backlog waits until that data is posted.
 */
import { TCP_DISCONNECT_ABORTIVE_CLOSE, TCP_DISCONNECT_GRACEFUL_CLOSE } from '../../../ndis/flags.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { postsToTarget } from '../decisions/postsToTarget.js';
import type { HostContext } from '../HostContext.js';
import { closeInHost } from '../tcp/closeInHost.js';
import { discardQueue } from '../tcp/discardQueue.js';
import { moveTcp } from '../tcp/moveTcp.js';
import type { Tcb } from '../tcp/Tcb.js';
import { streamOf } from '../tcp/TcbStream.js';

/** The application closes the connection (`abortive`: reset it). */
export function disconnect(c: HostContext, t: Tcb, abortive: boolean): void {
  const Flags = abortive ? TCP_DISCONNECT_ABORTIVE_CLOSE : TCP_DISCONNECT_GRACEFUL_CLOSE;
  const s = streamOf(t);
  if (postsToTarget(t) && !abortive && s.sendQueue.length > 0) {
    // Data held back by the optimum send backlog goes first: the FIN follows its last byte.
    s.closeOwed = Flags;
    if (c.report.wanted) c.report.decision(`closes ${t.label} once the send data it holds back has been posted`, t.label);
  } else if (postsToTarget(t)) {
    // A graceful close once the send half is closed (its FIN already sent) asks for nothing: no second FIN.
    if (!moveTcp(c, t, { type: abortive ? 'AbortiveClose' : 'GracefulClose' }) && !abortive) return;
    if (abortive) {
      t.aborted = true;
      discardQueue(t); // send data held back by the optimum backlog goes nowhere
    }
    const nbl = c.ndis.NdisAllocateNetBufferList(t.label, s.appBytes, 0);
    nbl.ProtocolReserved = t.label;
    c.ndis.NdisOffloadTcpDisconnect(t.handle, nbl, Flags);
  } else if (t.offload === S.TcpConnectionOffloadStateInHost) closeInHost(c, t, Flags);
  else {
    s.closeOwed = Flags;
    if (c.report.wanted) c.report.decision(`closes ${t.label} once its offload or upload has completed`, t.label);
  }
}

/** After an initiate or terminate completed: a close the application asked for meanwhile. */
export function closeOwed(c: HostContext, t: Tcb): void {
  const s = t.stream;
  const Flags = s?.closeOwed ?? 0;
  if (!s || !Flags) return;
  s.closeOwed = 0;
  disconnect(c, t, (Flags & TCP_DISCONNECT_ABORTIVE_CLOSE) !== 0);
}

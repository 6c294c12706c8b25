/**
 * The host's side once a terminate completes, per connection: the RFC 793 State comes back, the send
 * data handed back joins what the host kept, SND.NXT and RCV.NXT come back, and the host's own TCP takes
 * over (a FIN it still owes too).
 */
import type { NET_BUFFER_LIST } from '../../../ndis/NET_BUFFER_LIST.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../ndis/stateStructures.js';
import type { HostContext } from '../HostContext.js';
import { closeOwed } from '../socket/disconnect.js';
import { discardQueue } from '../tcp/discardQueue.js';
import { processHeldSegments } from '../tcp/receiveSegment.js';
import type { Tcb } from '../tcp/Tcb.js';
import { byStreamOffset, streamOf } from '../tcp/TcbStream.js';
import { takeBackRetransmit } from '../tcp/retransmit.js';
import { receiveAfterTerminate } from './receiveHandover.js';
import { takeBackWindows } from './windowHandover.js';
import { takeBackTcpState } from './takeBackTcpState.js';
import { windowUpdateInHost } from '../tcp/receiveWindow.js';

/** The terminate completed: the send data handed back joins what the host kept, in stream order; SND.NXT comes back too. */
export function afterTerminate(c: HostContext, t: Tcb, returned: NET_BUFFER_LIST[], state: TCP_OFFLOAD_STATE_DELEGATED | null): void {
  takeBackTcpState(c, t, state);
  receiveAfterTerminate(c, t, state);
  const SndNxt = state?.SndNxt;
  if (!t.stream && returned.length === 0 && !SndNxt) return; // a connection that never carried data
  const s = streamOf(t);
  for (const n of returned) n.Next = null;
  if (returned.length > 0) s.sendQueue = [...returned, ...s.sendQueue].sort(byStreamOffset);
  if (SndNxt !== undefined) s.sndNxt = SndNxt;
  s.sendOutstanding = 0; // everything the target had is completed or handed back
  takeBackWindows(t, state);
  if (t.aborted) discardQueue(t);
  if (state) takeBackRetransmit(c, t, state);
  // Segments the host held during the upload first: the FIN below then acknowledges what they carried.
  processHeldSegments(c, t);
  // The close was asked for but the target never sent the FIN: the host's own TCP sends it after the
  // data before it, as the peer's window lets that data go (transmitInHost, called by processHeldSegments).
  // The application's buffers took the data the target gave back: the room made may open the window.
  windowUpdateInHost(c, t);
  closeOwed(c, t);
}

/**
 * ProtocolTcpOffloadReceiveIndicate — NDIS calls it when the target offers received data and no posted
 * buffer was free (reference §6.7); what it returns (Status, BytesConsumed) goes back to the target.
 */
import type { ProtocolHandlerArgs, ReceiveIndicateResult } from '../../../ndis/calls.js';
import { nblEnd } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import type { HostContext } from '../HostContext.js';
import { recordOfHandle } from '../hostHandles.js';
import { bufferedBytes } from '../socket/socketBuffer.js';
import { streamOf } from '../tcp/TcbStream.js';

/**
 * ProtocolTcpOffloadReceiveIndicate: take as much as the socket receive buffer has room for (SUCCESS: the
 * host keeps the NBL until the application has read it; PARTIALLY_ACCEPTED: it copies what fits;
 * NOT_ACCEPTED: nothing — a later receive post re-enables indications).
 */
export function ProtocolTcpOffloadReceiveIndicate(c: HostContext, event: ProtocolHandlerArgs['ProtocolTcpOffloadReceiveIndicate']): ReceiveIndicateResult {
  const t = recordOfHandle(c.s, event.OffloadContext);
  if (t?.kind !== 'Tcp') return { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, BytesConsumed: 0 };
  const s = streamOf(t);
  const n = event.NetBufferList;
  // A receive buffer of the application's is still with the target (posted while this indication was on
  // its way): the offered bytes come before any the target will put in it, so the host takes none and the
  // target fills that buffer with them first (§6.7: posted buffers are used first) — the application
  // reads the stream in order.
  const room = s.postedDown > 0 ? 0 : Math.max(0, c.s.policy.receiveBuffer - bufferedBytes(s));
  const take = Math.min(room, n.DataLength);
  let Status: number;
  if (take === n.DataLength) {
    Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    n.Next = null;
    s.socketBuffer.push({ from: n.DataOffset, to: nblEnd(n), nbl: n });
  } else {
    Status = take > 0 ? NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED : NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED;
    if (take > 0) s.socketBuffer.push({ from: n.DataOffset, to: n.DataOffset + take, nbl: null });
    s.indicationRefused = true;
  }
  if (c.report.wanted) {
    const why = s.postedDown > 0 ? `a receive buffer it posted is still with the target, which fills it first` : `room for ${room} in its receive buffer`;
    c.report.decision(`takes ${take} of ${n.DataLength} offered bytes (${why})`, t.label);
  }
  return { Status, BytesConsumed: take };
}

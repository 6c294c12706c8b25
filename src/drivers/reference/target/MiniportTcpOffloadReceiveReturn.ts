/** MiniportTcpOffloadReceiveReturn (reference §6.7): the host gives back receive NBLs the target lent it. */
import { windowUpdateAtTarget } from './targetWindow.js';
import { objectById, type TargetObject } from './TargetState.js';
import type { MiniportHandlerArgs } from '../../../ndis/calls.js';
import { nblText, netBufferListsOf } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import type { TargetCall } from './TargetCall.js';

/** MiniportTcpOffloadReceiveReturn: the host gives back NBLs it kept; always NDIS_STATUS_SUCCESS. */
export function MiniportTcpOffloadReceiveReturn(c: TargetCall, { NetBufferList }: MiniportHandlerArgs['MiniportTcpOffloadReceiveReturn']): number {
  const opened = new Set<TargetObject>();
  for (const n of netBufferListsOf(NetBufferList)) {
    if (!(n.id in c.s.lent)) {
      c.ndis.DbgPrint(`got back ${nblText(n)}, which it never lent to the host`, n.connection);
      continue;
    }
    const o = objectById(c.s, c.s.lent[n.id]);
    delete c.s.lent[n.id];
    // The host read them: they no longer take receive window (the connection may be uploaded by now).
    if (o?.receive && o.NdisOffloadHandle.label === n.connection) {
      o.receive.lentBytes = Math.max(0, o.receive.lentBytes - n.DataLength);
      opened.add(o);
    }
  }
  for (const o of opened) windowUpdateAtTarget(c, o);
  return NDIS_STATUS.NDIS_STATUS_SUCCESS;
}

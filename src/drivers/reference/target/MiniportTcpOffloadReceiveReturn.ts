/** MiniportTcpOffloadReceiveReturn (reference §6.7): the host gives back receive NBLs the target lent it. */
import type { MiniportHandlerArgs } from '../../../ndis/calls.js';
import { nblText, netBufferListsOf } from '../../../ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import type { TargetCall } from './TargetCall.js';

/** MiniportTcpOffloadReceiveReturn: the host gives back NBLs it kept; always NDIS_STATUS_SUCCESS. */
export function MiniportTcpOffloadReceiveReturn(c: TargetCall, { NetBufferList }: MiniportHandlerArgs['MiniportTcpOffloadReceiveReturn']): number {
  for (const n of netBufferListsOf(NetBufferList)) {
    if (n.id in c.s.lent) delete c.s.lent[n.id];
    else c.ndis.DbgPrint(`got back ${nblText(n)}, which it never lent to the host`, n.connection);
  }
  return NDIS_STATUS.NDIS_STATUS_SUCCESS;
}

/**
 * ProtocolTerminateOffloadComplete — NDIS calls it when the layer below completes the host's
 * NdisTerminateOffload (reference §6.2): the objects are InHost again and the delegated state is the host's.
 */
import { cloneData } from '../../../data/cloneData.js';
import { forEachBlock, tcpStateOf } from '../../../ndis/blockList.js';
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../../ndis/NDIS_STATUS.js';
import { netBufferListsOf } from '../../../ndis/NET_BUFFER_LIST.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { offloadWaiting } from '../decisions/offloadWaiting.js';
import { takeNextHopLater } from '../decisions/relinkPath.js';
import { releaseIdle } from '../decisions/terminateOffload.js';
import { afterTerminate } from '../handover/afterTerminate.js';
import type { HostContext } from '../HostContext.js';
import { recordOfHandle } from '../hostHandles.js';
import type { HostNeighbor, HostPath } from '../HostObject.js';
import { neighborOf, pathOf } from '../lookup.js';
import { moveOffload } from '../moveOffload.js';
import { moveTcp } from '../tcp/moveTcp.js';
import { deleteClosedTcb } from '../tcp/deleteClosedTcb.js';

/** ProtocolTerminateOffloadComplete: objects are InHost again; the delegated state is the host's; waiting offloads go. */
export function ProtocolTerminateOffloadComplete(c: HostContext, { OffloadBlockList }: ProtocolHandlerArgs['ProtocolTerminateOffloadComplete']): void {
  const idle = new Set<HostPath | HostNeighbor>();
  forEachBlock(OffloadBlockList, (node) => {
    const o = recordOfHandle(c.s, node.OffloadHandle);
    if (!o || o.offload !== S.TcpConnectionOffloadStateUploading) return;
    moveOffload(c, o, { type: 'ProtocolTerminateOffloadComplete', Status: node.Status });
    if (o.kind === 'Tcp') {
      const path = pathOf(c.s, o);
      if (--path.users === 0) idle.add(path);
      o.uploadOwed = 0;
      const delegated = tcpStateOf(node)?.Delegated ?? null;
      if (node.Status !== NDIS_STATUS.NDIS_STATUS_SUCCESS) {
        // The connection's state is lost with the target's: the host deletes the TCB (a choice; the reference is silent).
        if (c.report.wanted) c.report.decision(`terminate of ${o.label} failed (${NdisStatusEnum.format(node.Status)}): its delegated state is lost; the TCB is deleted`, o.label);
        if (!o.aborted) {
          o.aborted = true;
          moveTcp(c, o, { type: 'TcpIndicateAbort' });
        }
        o.returnedState = null;
      } else o.returnedState = cloneData(delegated);
      afterTerminate(c, o, netBufferListsOf(node.NetBufferListChain), delegated);
      deleteClosedTcb(c, o, 'back in the host, CLOSED'); // a connection that closed while offloaded
    } else if (o.kind === 'Path') {
      const neighbor = neighborOf(c.s, o);
      if (--neighbor.users === 0) idle.add(neighbor);
      takeNextHopLater(c, o);
    }
  });
  releaseIdle(c, idle);
  offloadWaiting(c);
}

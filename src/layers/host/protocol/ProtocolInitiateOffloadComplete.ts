/**
 * ProtocolInitiateOffloadComplete — NDIS calls it when the layer below completes the host's
 * NdisInitiateOffload (reference §6.1): each object is Offloaded or back InHost by its Status.
 */
import { forEachBlock } from '../../../ndis/blockList.js';
import type { ProtocolHandlerArgs } from '../../../ndis/calls.js';
import { NDIS_STATUS, NdisStatusEnum, offloadSucceeded } from '../../../ndis/NDIS_STATUS.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { offloadWaiting } from '../decisions/offloadWaiting.js';
import { continueRelinks, takeNextHopLater } from '../decisions/relinkPath.js';
import { releaseIdle, uploadOwed } from '../decisions/terminateOffload.js';
import { afterInitiate } from '../handover/afterInitiate.js';
import type { HostContext } from '../HostContext.js';
import { recordOfHandle } from '../hostHandles.js';
import type { HostNeighbor, HostPath } from '../HostObject.js';
import { neighborOf, pathOf } from '../lookup.js';
import { moveOffload } from '../moveOffload.js';
import type { Tcb } from '../tcp/Tcb.js';

/** ProtocolInitiateOffloadComplete: each object Offloaded or back InHost by its Status; owed uploads start; waiting offloads go. */
export function ProtocolInitiateOffloadComplete(c: HostContext, { OffloadBlockList }: ProtocolHandlerArgs['ProtocolInitiateOffloadComplete']): void {
  const owed: Tcb[] = [];
  const idle = new Set<HostPath | HostNeighbor>();
  forEachBlock(OffloadBlockList, (node) => {
    const o = recordOfHandle(c.s, node.OffloadHandle);
    if (!o || o.offload !== S.TcpConnectionOffloadStateOffloading) return;
    const ok = o.kind === 'Tcp' ? node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS : offloadSucceeded(node.Status);
    moveOffload(c, o, { type: 'ProtocolInitiateOffloadComplete', Status: ok ? NDIS_STATUS.NDIS_STATUS_SUCCESS : node.Status });
    if (o.kind === 'Tcp') afterInitiate(c, o, ok);
    if (!ok) {
      if (o.kind === 'Tcp') {
        const path = pathOf(c.s, o);
        if (--path.users === 0) idle.add(path);
      }
      if (o.kind === 'Path') {
        const neighbor = neighborOf(c.s, o);
        if (--neighbor.users === 0) idle.add(neighbor);
        takeNextHopLater(c, o);
      }
      if (c.report.wanted) c.report.decision(`offload of ${o.label} failed with ${NdisStatusEnum.format(node.Status)}; it stays in the host`, o.label);
      if (o.kind === 'Tcp') o.uploadOwed = 0;
    } else if (o.kind === 'Tcp' && o.uploadOwed !== 0) owed.push(o);
  });
  uploadOwed(c, owed);
  if (c.s.relinks.length > 0) continueRelinks(c);
  releaseIdle(c, idle);
  offloadWaiting(c);
}

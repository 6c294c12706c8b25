/**
 * MiniportTerminateOffload (reference §6.2): from the call on, the connections' segments take the
 * normal receive path and new I/O completes with NDIS_STATUS_UPLOAD_IN_PROGRESS; once no receive
 * indication of theirs is in flight (step 6), the target writes the delegated state back, completes
 * posted receives, hands back outstanding send data and buffered receive data, frees the objects and
 * completes the terminate.
 */
import { blocksOf, forEachBlock, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { chainNetBufferLists } from '../../ndis/NET_BUFFER_LIST.js';
import type { TCP_OFFLOAD_STATE_DELEGATED, TcpOffloadStructures } from '../../ndis/stateStructures.js';
import { free, objectOf, type OffloadTargetContext } from './OffloadTargetContext.js';
import { handBackReceiveData, passUpOutOfOrder } from './targetReceive.js';
import { terminateFailsForHardware } from './targetHardwareFailure.js';
import { TargetFlags, type TargetObject } from './TargetObject.js';

export function MiniportTerminateOffload(c: OffloadTargetContext, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  for (const node of blocksOf(OffloadBlockList)) {
    const o = objectOf(c, node);
    if (o?.layer === 'Tcp') o.flags |= TargetFlags.Terminated;
  }
  if (indicating(c, OffloadBlockList)) {
    c.report.decision('waits for its receive indication to return before it completes the terminate');
    c.pendingTerminates.push(OffloadBlockList);
    return;
  }
  completeTerminate(c, OffloadBlockList);
}

/** The pending terminates whose connections have no receive indication in flight any more complete now. */
export function finishTerminates(c: OffloadTargetContext): void {
  for (let i = 0; i < c.pendingTerminates.length; i++) {
    const M = c.pendingTerminates[i]!;
    if (indicating(c, M)) continue;
    c.pendingTerminates.splice(i--, 1);
    completeTerminate(c, M);
  }
}

function indicating(c: OffloadTargetContext, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): boolean {
  if (c.receives.size === 0) return false;
  return blocksOf(M).some((node) => {
    const o = objectOf(c, node);
    return o !== null && c.receives.get(o)?.indicating != null;
  });
}

/** Hand delegated state and data back, free the objects (and their dependents), complete. */
function completeTerminate(c: OffloadTargetContext, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  forEachBlock(OffloadBlockList, (node) => {
    if (!node.MiniportOffloadContext) {
      node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS; // placeholder
      return;
    }
    const o = objectOf(c, node);
    if (!o) {
      node.Status = NDIS_STATUS.NDIS_STATUS_FAILURE;
      return;
    }
    if (terminateFailsForHardware(c, o, node)) return;
    const out = (node.State as TcpOffloadStructures | null)?.Delegated;
    if (out && o.layer === 'Tcp') c.delegated.copyOut(o.slot, out);
    if (o.layer === 'Tcp') {
      handBackSendData(c, o, node, out);
      handBackReceiveData(c, o, out);
      passUpOutOfOrder(c, o);
    }
    node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  });
  // Free after every node was read: a dependent listed below its parent is still found.
  const freed = new Set<TargetObject>();
  for (const node of blocksOf(OffloadBlockList)) {
    const o = objectOf(c, node);
    if (o) free(c, o, freed);
  }
  for (const o of freed) if (o.parent && !freed.has(o.parent)) o.parent.dependents?.delete(o.key);
  c.ndis.NdisMTerminateOffloadComplete(c.miniportHandle, OffloadBlockList);
}

/**
 * Reference §6.2 step 3: outstanding send data goes back to the host in the node's NetBufferListChain,
 * the original NBLs in their original order, with SndUna/SndNxt/SndMax saying where they stand
 * [SndUna, SndNxt) was sent and not yet acknowledged; from SndNxt on was never sent.
 */
function handBackSendData(
  c: OffloadTargetContext,
  o: TargetObject,
  node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST,
  out: TCP_OFFLOAD_STATE_DELEGATED | undefined,
): void {
  const queue = o.sendQueue ?? [];
  o.sendQueue = null;
  if (o.disconnect) {
    // Reference §6.2 step 6: an outstanding disconnect completes before the terminate does.
    o.disconnect.Status = NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
    c.ndis.NdisTcpOffloadDisconnectComplete(c.miniportHandle, o.disconnect);
    o.disconnect = null;
  }
  if (c.dropsSendChainOnUpload) {
    node.NetBufferListChain = null; // the deliberate fault: those bytes are lost
    return;
  }
  node.NetBufferListChain = chainNetBufferLists(queue);
  if (out) {
    out.SndUna = queue[0]?.DataOffset ?? c.delegated.sndUna(o.slot);
    out.SendDataHead = queue[0] ?? null;
    out.SendDataTail = queue[queue.length - 1] ?? null;
  }
}

/**
 * MiniportTerminateOffload (reference §6.2): from the call on, the connections' segments take the
 * normal receive path and new I/O completes with NDIS_STATUS_UPLOAD_IN_PROGRESS; once no receive
 * indication of theirs is in flight (step 6), the target writes the delegated state back, completes
 * posted receives, hands back outstanding send data and buffered receive data, frees the objects and
 * completes the terminate.
 */
import { blocksOf, forEachBlock, tcpStateOf, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../ndis/blockList.js';
import { NDIS_STATUS } from '../../../ndis/NDIS_STATUS.js';
import { chainNetBufferLists } from '../../../ndis/NET_BUFFER_LIST.js';
import { TIMER_NOT_RUNNING } from '../../../ndis/flags.js';
import { backedOffRtoUs, TIMER_TICK_US } from '../../../ndis/TcpTimerParameters.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../ndis/stateStructures.js';
import { forgetFreed, free, objectOf, type TargetCall } from './TargetCall.js';
import { copyDelegatedOut } from './targetOperations.js';
import { handOverRetransmitTimer } from './targetRetransmit.js';
import { flushDelayedAck } from './targetDelayedAck.js';
import { handOverKeepAlive } from './targetKeepAlive.js';
import { handBackReceiveData, passUpOutOfOrder } from './handBackReceiveData.js';
import { terminateFailsForHardware } from './targetHardwareFailure.js';
import { delegatedOf, moveContext, type TargetObject } from './TargetState.js';

export function MiniportTerminateOffload(c: TargetCall, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  for (const node of blocksOf(OffloadBlockList)) {
    const o = objectOf(c, node);
    if (o?.layer === 'Tcp') moveContext(o, { type: 'MiniportTerminateOffload' });
  }
  if (indicating(c, OffloadBlockList)) {
    c.ndis.DbgPrint('waits for its receive indication to return before it completes the terminate');
    c.s.pendingTerminates.push(OffloadBlockList);
    return;
  }
  completeTerminate(c, OffloadBlockList);
}

/** The pending terminates whose connections have no receive indication in flight any more complete now. */
export function finishTerminates(c: TargetCall): void {
  const pending = c.s.pendingTerminates;
  for (let i = 0; i < pending.length; i++) {
    const M = pending[i];
    if (!M || indicating(c, M)) continue;
    pending.splice(i--, 1);
    completeTerminate(c, M);
  }
}

function indicating(c: TargetCall, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): boolean {
  return blocksOf(M).some((node) => objectOf(c, node)?.receive?.indicating != null);
}

/** Hand delegated state and data back, free the objects (and their dependents), complete. */
function completeTerminate(c: TargetCall, OffloadBlockList: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
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
    const out = tcpStateOf(node)?.Delegated;
    if (out && o.layer === 'Tcp') {
      flushDelayedAck(c, o);
      copyDelegatedOut(o, out);
      handOverRetransmitTimer(c, o, out, true);
      handOverKeepAlive(c, o, out, true);
    }
    if (o.layer === 'Tcp') {
      handBackSendData(c, o, node, out);
      handBackReceiveData(c, o, out);
      passUpOutOfOrder(c, o);
    }
    node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
  });
  // Free after every node was read: a dependent listed below its parent is still found.
  const freed = new Set<number>();
  for (const node of blocksOf(OffloadBlockList)) {
    const o = objectOf(c, node);
    if (o) free(c, o, freed);
  }
  forgetFreed(c, freed);
  c.ndis.NdisMTerminateOffloadComplete(c.s.NdisMiniportHandle, OffloadBlockList);
}

/**
 * Reference §6.2 step 3: outstanding send data goes back to the host in the node's NetBufferListChain,
 * the original NBLs in their original order, with SndUna/SndNxt/SndMax saying where they stand
 * [SndUna, SndNxt) was sent and not yet acknowledged; from SndNxt on was never sent. The byte at SndUna is
 * the chain's first (reference §6.2): bytes of it the peer acknowledged count as sent and not
 * acknowledged, to be sent again by the host.
 */
function handBackSendData(c: TargetCall, o: TargetObject, node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, out: TCP_OFFLOAD_STATE_DELEGATED | undefined): void {
  const queue = o.sendQueue ?? [];
  o.sendQueue = null;
  if (o.disconnect) {
    // Reference §6.2 step 6: an outstanding disconnect completes before the terminate does.
    o.disconnect.Status = NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS;
    c.ndis.NdisTcpOffloadDisconnectComplete(c.s.NdisMiniportHandle, o.disconnect);
    o.disconnect = null;
  }
  node.NetBufferListChain = chainNetBufferLists(queue);
  if (out) {
    const d = delegatedOf(o);
    const first = queue[0]?.DataOffset ?? d.SndUna;
    out.SndUna = first;
    if (first < d.SndUna) {
      // The peer acknowledged part of the first NBL (an NBL completes only whole), so SndUna goes back
      // to the chain's first byte; SndWnd grows by as much, so that the right edge the peer gave
      // (SND.UNA + SND.WND) stays where it is and the host may send what the target could.
      out.SndWnd = d.SndWnd + (d.SndUna - first);
      out.MaxSndWnd = Math.max(out.MaxSndWnd, out.SndWnd);
      // Those bytes go back as sent and not acknowledged: outstanding data runs the retransmit timer
      // (RFC 6298 §5.1), so the host sends them again even when nothing else would (a zero window).
      const p = c.s.tcpTimers;
      if (p?.retransmit && out.Retransmit.TimeoutDelta === TIMER_NOT_RUNNING) out.Retransmit.TimeoutDelta = Math.round(backedOffRtoUs(p, d.Retransmit.Count) / TIMER_TICK_US);
    }
    out.SendDataHead = queue[0]?.id ?? null;
    out.SendDataTail = queue[queue.length - 1]?.id ?? null;
  }
}

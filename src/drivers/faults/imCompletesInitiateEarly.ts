/**
 * Deliberate fault `im-completes-initiate-early`: an intermediate driver that, to make offloads look
 * fast, completes an initiate upward as soon as it has passed it down — every node SUCCESS, its entries
 * written into the upper `*MiniportOffloadContext` — and, when the real completion comes up from below,
 * only books it (reference §7.3: the completion goes up from ProtocolInitiateOffloadComplete, carrying the
 * lower statuses; §8 item 3: nothing for an object until its initiate completed). The host then sends,
 * posts and terminates on a connection the target below is still offloading, and believes offloads that
 * failed below. Overrides MiniportInitiateOffload and ProtocolInitiateOffloadComplete.
 */
import { forEachBlock, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../ndis/blockList.js';
import { NDIS_STATUS, offloadSucceeded } from '../../ndis/NDIS_STATUS.js';
import type { IntermediateDriver } from '../IntermediateDriver.js';
import { entryOfHandle } from '../reference/passThrough/propagate.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imCompletesInitiateEarly: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-completes-initiate-early',
  MiniportInitiateOffload: (s, args, ndis) => {
    const M = args.OffloadBlockList;
    passThroughIntermediateDriver.MiniportInitiateOffload(s, args, ndis);
    completeAsIfSucceeded(s, M);
    ndis.NdisMInitiateOffloadComplete(s.NdisMiniportHandle, M); // the bug: before the layer below completed
  },
  ProtocolInitiateOffloadComplete: (s, { OffloadBlockList }, ndis) => {
    const key = OffloadBlockList.ImReserved[0];
    if (typeof key !== 'number' || !s.calls[key]) return passThroughIntermediateDriver.ProtocolInitiateOffloadComplete(s, { OffloadBlockList }, ndis);
    delete s.calls[key];
    forEachBlock(OffloadBlockList, (node) => {
      const entry = entryOfHandle(s, node.OffloadHandle);
      if (!entry || entry.state !== 'Offloading') return;
      if (offloadSucceeded(node.Status)) entry.state = 'Offloaded';
      else {
        delete s.entries[entry.id];
        delete s.byHandle[entry.ownHandle.id];
      }
    }); // and nothing goes up: it already did
  },
};

/** Every node SUCCESS; each new object's upper context names the entry made for it. */
function completeAsIfSucceeded(s: PassThroughState, M: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
  const entries = Object.values(s.entries);
  forEachBlock(M, (node) => {
    node.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS;
    const h = node.NdisOffloadHandle;
    if (!h || !node.MiniportOffloadContext || node.MiniportOffloadContext.value !== null) return;
    const entry = entries.find((e) => e.upperHandle.owner === h.owner && e.upperHandle.id === h.id && e.state === 'Offloading');
    if (entry) node.MiniportOffloadContext.value = { owner: s.name, id: entry.id };
  });
}

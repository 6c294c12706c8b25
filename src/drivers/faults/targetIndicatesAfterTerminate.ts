/**
 * Deliberate fault `target-indicates-after-terminate`: a target that, as it frees an uploaded connection,
 * reports its send backlog one last time (TcpIndicateSendBacklogChange, 0 bytes) with the handle it kept —
 * after its NdisMTerminateOffloadComplete (reference §6.2 step 7: the target frees the objects once it
 * completed the terminate, and raises nothing more for them; §7.5: an indication names an offloaded
 * connection). Overrides MiniportTerminateOffload and nothing else.
 */
import { blocksOf } from '../../ndis/blockList.js';
import type { NDIS_OFFLOAD_HANDLE } from '../../ndis/NDIS_OFFLOAD_HANDLE.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import { objectById, objectOfContext, type TargetState } from '../reference/target/TargetState.js';

export const targetIndicatesAfterTerminate: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-indicates-after-terminate',
  MiniportTerminateOffload: (s, args, ndis, nic) => {
    const going: Array<{ id: number; serial: number; handle: NDIS_OFFLOAD_HANDLE }> = [];
    for (const node of blocksOf(args.OffloadBlockList)) {
      const o = objectOfContext(s, node.MiniportOffloadContext?.value);
      if (o?.layer === 'Tcp') going.push({ id: o.id, serial: o.serial, handle: { ...o.NdisOffloadHandle } });
    }
    referenceOffloadTarget.MiniportTerminateOffload(s, args, ndis, nic);
    for (const g of going) {
      if (objectById(s, g.id)?.serial === g.serial) continue; // not freed yet: its terminate waits
      ndis.NdisTcpOffloadEventHandler(g.handle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange, 0); // the bug: after the completion
    }
  },
};

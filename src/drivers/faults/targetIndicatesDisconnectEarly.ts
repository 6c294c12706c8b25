/**
 * Deliberate fault `target-indicates-disconnect-early`: a target that indicates TcpIndicateDisconnect as
 * soon as the peer's FIN is in, whatever data before it it still holds (reference §6.9, §8 item 11: the
 * Disconnect comes only once the data before the FIN has been consumed, nothing left to indicate). It
 * does so when the FIN arrives (if its NdisMInitiateOffloadComplete has returned), and, for a FIN that
 * arrived during the offload, when that completion returns — before it delivers the data it held
 * meanwhile. The data still held goes up after the Disconnect. Overrides ReceiveSegment and CallReturned.
 */
import { blocksOf } from '../../ndis/blockList.js';
import type { NdisLibrary } from '../../ndis/NdisLibrary.js';
import { NDIS_STATUS } from '../../ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import type { OffloadTarget } from '../OffloadTarget.js';
import { referenceOffloadTarget } from '../reference/referenceOffloadTarget.js';
import { findConnection } from '../reference/target/TargetCall.js';
import { hasFlag, isTerminating, objectOfContext, TargetFlags, type TargetObject, type TargetState } from '../reference/target/TargetState.js';

/** The bug: the FIN is in, so its Disconnect goes up now, ahead of the data held before it. */
function indicateFinNow(o: TargetObject | null, ndis: NdisLibrary): void {
  const r = o?.layer === 'Tcp' ? o.receive : null;
  if (!o || !r || r.finAt < 0 || r.disconnectIndicated) return;
  r.disconnectIndicated = true;
  ndis.NdisTcpOffloadEventHandler(o.NdisOffloadHandle, TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect, 0);
}

export const targetIndicatesDisconnectEarly: OffloadTarget<TargetState> = {
  ...referenceOffloadTarget,
  name: 'target-indicates-disconnect-early',
  ReceiveSegment: (s, args, ndis, nic) => {
    referenceOffloadTarget.ReceiveSegment(s, args, ndis, nic);
    const o = args.segment.fin ? findConnection(s, args.segment.connection) : null;
    if (o && !isTerminating(o) && hasFlag(o, TargetFlags.InitiateReturned) && !hasFlag(o, TargetFlags.Aborted)) indicateFinNow(o, ndis);
  },
  CallReturned: (s, call, ndis, nic) => {
    if (call.fn === 'NdisMInitiateOffloadComplete') {
      for (const node of blocksOf(call.OffloadBlockList)) {
        if (node.Status === NDIS_STATUS.NDIS_STATUS_SUCCESS) indicateFinNow(objectOfContext(s, node.MiniportOffloadContext?.value), ndis);
      }
    }
    referenceOffloadTarget.CallReturned(s, call, ndis, nic);
  },
};

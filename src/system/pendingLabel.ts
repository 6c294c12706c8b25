/** How a pending item is listed: `NdisTcpOffloadEventHandler(tcp c1, TcpIndicateRetrieve)`, `segment peer ⇢ NIC: seq 0 len 10 (tcp c1)`. */
import { hex32 } from '../ndis/enumeration.js';
import { nblText, netBufferListsOf } from '../ndis/NET_BUFFER_LIST.js';
import { NdisStatusEnum } from '../ndis/NDIS_STATUS.js';
import { TcpOffloadEventTypeEnum } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import type { PendingItem } from '../scheduler/PendingItem.js';
import { fourTupleText } from '../wire/FourTuple.js';
import { segmentText } from '../wire/Segment.js';
import { segmentLabel } from './Wire.js';

export function pendingLabel(item: PendingItem): string {
  const call = item.call;
  switch (call.fn) {
    case 'segment':
      return segmentLabel(item);
    case 'timer':
      return call.TimerObject;
    case 'NdisTcpOffloadEventHandler':
      return `${call.fn}(${call.NdisOffloadHandle.label}, ${TcpOffloadEventTypeEnum.nameOf(call.EventType) ?? `EventType ${call.EventType}`})`;
    case 'NdisMIndicateStatusEx':
      return `${call.fn}(${NdisStatusEnum.nameOf(call.StatusIndication.StatusCode) ?? hex32(call.StatusIndication.StatusCode)})`;
    case 'NdisMIndicateReceiveNetBufferLists': {
      const segment = call.NetBufferLists.segment;
      return `${call.fn}(${fourTupleText(segment.connection)} ${segmentText(segment)})`;
    }
    case 'NdisTcpOffloadReceiveHandler':
      return `${call.fn}(${call.NdisOffloadHandle.label}, ${nblText(call.NetBufferList)})`;
    case 'NdisTcpOffloadSendComplete':
    case 'NdisTcpOffloadDisconnectComplete':
    case 'NdisTcpOffloadReceiveComplete':
    case 'NdisTcpOffloadForwardComplete':
      return `${call.fn}(${netBufferListsOf(call.NetBufferList).map(nblText).join(', ')})`;
    default:
      return `${call.fn}(${summarize(item.objects)})`;
  }
}

function summarize(objects: readonly string[]): string {
  return objects.length <= 3 ? objects.join(', ') : `${objects.slice(0, 3).join(', ')} … ${objects.length} objects`;
}

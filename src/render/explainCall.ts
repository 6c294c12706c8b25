/**
 * One call explained for a learner: who called whom, with which handle (and whose handle it is), and
 * what its arguments mean (an event's type and upload reason, with the host's obligation). Built from
 * the trace event alone; the page to read next comes from `CALL_GUIDE`.
 */
import { NdisStatusEnum } from '../ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TcpUploadReasonEnum, UPLOAD_REASON_OBLIGATION } from '../ndis/TCP_UPLOAD_REASON.js';
import type { CallEvent } from '../trace/TraceEvent.js';
import { CALL_GUIDE } from './callGuide.js';

/** `neighbor 10.0.0.2, path 10.0.0.2 and tcp c1`; `the adapter` when the call names no object. */
export function objectsInWords(objects: readonly string[]): string {
  if (objects.length === 0) return 'the adapter';
  if (objects.length === 1) return objects[0]!;
  if (objects.length > 4) return `${objects.slice(0, 3).join(', ')} and ${objects.length - 3} more objects`;
  return `${objects.slice(0, -1).join(', ')} and ${objects.at(-1)}`;
}

/** The sentence of a call that starts a chain: `host asks IM1 to take over tcp c1 ...`. */
export function callSentence(e: CallEvent): string {
  return CALL_GUIDE[e.fn].says({ caller: e.caller, callee: e.callee, objects: objectsInWords(e.objects) });
}

/** Whose handle `handle` is, seen from the call: `the one host gave it`, `IM1's own`. */
export function handleOwnerWords(e: CallEvent, handle: string): string {
  const owner = handle.split('#')[0];
  return owner === e.callee ? `the one ${e.callee} gave it` : owner === e.caller ? `${e.caller}'s own handle for it` : `${owner}'s handle`;
}

/** The sentence of a hop that passes the call just above on: an intermediate driver relaying it. */
export function relaySentence(e: CallEvent): string {
  const direction = e.fn.startsWith('NdisM') || e.fn.startsWith('NdisTcpOffload') ? 'up' : 'down';
  return `${e.caller} passes the same call ${direction} to ${e.callee}, as an intermediate driver must`;
}

/** Which handle the call carries and whose it is; undefined when it carries none. */
export function handleSentence(e: CallEvent): string | undefined {
  const binding = e.args['NdisBindingHandle'];
  if (typeof binding === 'string') return `handle: the binding handle ${binding} (NDIS knows from it that ${e.caller} is bound to ${e.callee})`;
  const offload = e.args['NdisOffloadHandle'];
  if (typeof offload === 'string') {
    const owner = offload.split('#')[0];
    if (owner === e.callee) return `handle: ${offload}, the handle ${e.callee} itself gave this object when it was offloaded (only ${e.callee} can resolve it, §4.3)`;
    if (owner === e.caller) return `handle: ${offload}, ${e.caller}'s own handle for the object; NDIS hands ${e.callee} the context ${e.callee} wrote into it at the offload (§4.3)`;
    return `handle: ${offload}, a handle of ${owner}, neither ${e.caller}'s nor ${e.callee}'s (§4.3)`;
  }
  const miniport = e.args['NdisMiniportHandle'];
  if (typeof miniport === 'string') return `handle: ${e.caller}'s own miniport handle; NDIS passes the completion to the layer bound above it, ${e.callee}`;
  return undefined;
}

/** What the event type and its information mean, for an indication; undefined for other calls. */
export function meaningOfArgs(e: CallEvent): string | undefined {
  const type = e.args['EventType'];
  const info = e.args['EventSpecificInformation'];
  if (typeof type === 'number' && typeof info === 'number') {
    switch (type) {
      case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange:
        return `meaning: TcpIndicateSendBacklogChange, the target would like ${info} bytes of send data kept outstanding at it`;
      case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect:
        return 'meaning: TcpIndicateDisconnect, the peer sent a FIN: it will send no more (its half is closed)';
      case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort:
        return 'meaning: TcpIndicateAbort, the peer sent an acceptable RST: the connection is reset';
      case TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve: {
        const obligation = UPLOAD_REASON_OBLIGATION[info];
        const must =
          obligation === 'Mandatory' ? 'mandatory: the host must upload it'
          : obligation === 'Optional' ? 'optional: the host may keep it offloaded'
          : 'not a TCP_UPLOAD_REASON at all';
        return `meaning: TcpIndicateRetrieve, the target asks for the connection back; reason ${TcpUploadReasonEnum.format(info)} is ${must} (§2.3)`;
      }
      default:
        return `meaning: EventType ${type} is not a TCP_OFFLOAD_EVENT_TYPE (§2.2)`;
    }
  }
  const status = e.args['StatusCode'];
  if (typeof status === 'number') return `meaning: the status ${NdisStatusEnum.format(status)} concerns every connection offloaded to this adapter`;
  return undefined;
}

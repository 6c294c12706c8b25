/**
 * What each NDIS call means, in plain words, for a learner who has never seen NDIS: one sentence per
 * function (who asks whom to do what), and the page to read next (the section of
 * docs/chimney-reference.md and the WDK page of the function, as the rulebook's `source` fields name
 * them). `--narrate` and the demo print it beside each call.
 */
import type { NdisFunction } from '../ndis/calls.js';

/** What a call's explanation is built from (read off the trace event). */
export interface CallParts {
  readonly caller: string;
  readonly callee: string;
  /** `neighbor 10.0.0.2, path 10.0.0.2 and tcp c1`, or `the adapter` when the call names no object. */
  readonly objects: string;
}

/** One function's entry: its sentence and the page to read next. */
export interface CallGuideEntry {
  /** `host asks IM1 to take over ...` */
  readonly says: (p: CallParts) => string;
  /** `reference §6.1 Initiate offload; WDK: NdisInitiateOffload` */
  readonly read: string;
}

const page = (section: string, wdk: string) => `reference ${section}; WDK page ${wdk}`;

/** Every NDIS function the simulation routes; a new function is a compile error here until it is explained. */
export const CALL_GUIDE: Readonly<Record<NdisFunction, CallGuideEntry>> = {
  NdisInitiateOffload: {
    says: (p) => `${p.caller} asks ${p.callee} to take over ${p.objects} (the offload); the answer comes later, as NdisMInitiateOffloadComplete`,
    read: page('§6.1 Initiate offload', '"Initiate Offload Call Sequence" and NdisInitiateOffload'),
  },
  NdisMInitiateOffloadComplete: {
    says: (p) => `${p.caller} tells ${p.callee} how the offload of ${p.objects} went: a Status for each block; each block carries ${p.callee}'s own handle for its object, which ${p.caller} keeps to name the object in later indications`,
    read: page('§6.1 Initiate offload, §4.3 Handles', '"Returning the Completion Status of an Initiate Offload Operation"'),
  },
  NdisTerminateOffload: {
    says: (p) => `${p.caller} asks ${p.callee} to give ${p.objects} back (an upload); the state comes back with NdisMTerminateOffloadComplete`,
    read: page('§6.2 Terminate offload', '"Terminate Offload Sequence" and NdisTerminateOffload'),
  },
  NdisMTerminateOffloadComplete: {
    says: (p) => `${p.caller} hands the state of ${p.objects} back to ${p.callee}, with the data it still held`,
    read: page('§6.2 Terminate offload', '"Returning the Completion Status of a Terminate Offload Operation"'),
  },
  NdisUpdateOffload: {
    says: (p) => `${p.caller} asks ${p.callee} to change cached variables of ${p.objects} (for example the hop limit)`,
    read: page('§6.3 Update', '"Update Offload Sequence" and NdisUpdateOffload'),
  },
  NdisMUpdateOffloadComplete: {
    says: (p) => `${p.caller} tells ${p.callee} the update of ${p.objects} is done`,
    read: page('§6.3 Update', 'NdisMUpdateOffloadComplete'),
  },
  NdisInvalidateOffload: {
    says: (p) => `${p.caller} tells ${p.callee} that the cached state of ${p.objects} is no longer valid (it must not be used until updated)`,
    read: page('§6.4 Invalidate', '"Invalidate Offload Sequence" and NdisInvalidateOffload'),
  },
  NdisMInvalidateOffloadComplete: {
    says: (p) => `${p.caller} tells ${p.callee} the invalidation of ${p.objects} is done`,
    read: page('§6.4 Invalidate', 'NdisMInvalidateOffloadComplete'),
  },
  NdisQueryOffloadState: {
    says: (p) => `${p.caller} asks ${p.callee} to read back the current state of ${p.objects} (the target owns it while offloaded)`,
    read: page('§6.5 Query', '"Query Offload Sequence" and NdisQueryOffloadState'),
  },
  NdisMQueryOffloadStateComplete: {
    says: (p) => `${p.caller} answers ${p.callee}'s query with the state of ${p.objects}`,
    read: page('§6.5 Query', '"Filling in the Queried State"'),
  },
  NdisTcpOffloadEventHandler: {
    says: (p) => `${p.caller} tells ${p.callee} about an event on ${p.objects}, naming the connection by the handle ${p.callee} gave it`,
    read: page('§2.2 TCP_OFFLOAD_EVENT_TYPE, §2.3 TCP_UPLOAD_REASON', 'NdisTcpOffloadEventHandler and TCP_OFFLOAD_EVENT_HANDLER'),
  },
  NdisMOffloadEventIndicate: {
    says: (p) => `${p.caller} asks ${p.callee} whether the neighbor of ${p.objects} is still reachable (NeighborReachabilityQuery)`,
    read: page('§6.11 Neighbor reachability', '"Making a NeighborReachabilityQuery Indication"'),
  },
  NdisMIndicateStatusEx: {
    says: (p) => `${p.caller} reports an adapter-wide status to ${p.callee} (pause, resume or upload everything)`,
    read: page('§6.10 Adapter-wide status indications', 'NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_UPLOAD_ALL'),
  },
  NdisOffloadTcpSend: {
    says: (p) => `${p.caller} gives ${p.callee} data to send on ${p.objects}; it completes once the peer has acknowledged it`,
    read: page('§6.6 Send', 'NdisOffloadTcpSend'),
  },
  NdisTcpOffloadSendComplete: {
    says: (p) => `${p.caller} returns the send buffers of ${p.objects} to ${p.callee}: the peer acknowledged the data (or the send was aborted)`,
    read: page('§6.6 Send', 'NdisTcpOffloadSendComplete'),
  },
  NdisSendNetBufferLists: {
    says: (p) => `${p.caller} sends a frame of ${p.objects} the ordinary way: the connection is not offloaded, so the host builds the segment`,
    read: page('§1 Architecture', 'NdisSendNetBufferLists'),
  },
  NdisMIndicateReceiveNetBufferLists: {
    says: (p) => `${p.caller} passes a received frame of ${p.objects} up the ordinary path: the host's own TCP handles it`,
    read: page('§6.12 Special receive cases', 'NdisMIndicateReceiveNetBufferLists'),
  },
  NdisOffloadTcpDisconnect: {
    says: (p) => `${p.caller} asks ${p.callee} to close the send half of ${p.objects} (a FIN, or an RST when abortive)`,
    read: page('§6.9 Disconnect', '"Responding to a Disconnect Request"'),
  },
  NdisTcpOffloadDisconnectComplete: {
    says: (p) => `${p.caller} tells ${p.callee} the disconnect of ${p.objects} is done`,
    read: page('§6.9 Disconnect', 'NdisTcpOffloadDisconnectComplete'),
  },
  NdisOffloadTcpReceive: {
    says: (p) => `${p.caller} posts a receive buffer for ${p.objects} to ${p.callee}, to be filled with data from the peer`,
    read: page('§6.7 Receive', '"Posting and Completing Receive Requests"'),
  },
  NdisTcpOffloadReceiveComplete: {
    says: (p) => `${p.caller} returns a filled receive buffer of ${p.objects} to ${p.callee}`,
    read: page('§6.7 Receive', 'NdisTcpOffloadReceiveComplete'),
  },
  NdisTcpOffloadReceiveHandler: {
    says: (p) => `${p.caller} offers ${p.callee} received data of ${p.objects} that no posted buffer took; ${p.callee} says how many bytes it consumed`,
    read: page('§6.7 Receive', '"Indicating Received Data from an Offload Target"'),
  },
  NdisOffloadTcpReceiveReturn: {
    says: (p) => `${p.caller} gives ${p.callee} back the buffers of received data of ${p.objects} it has finished with`,
    read: page('§6.7 Receive', 'NdisOffloadTcpReceiveReturn'),
  },
  NdisOffloadTcpForward: {
    says: (p) => `${p.caller} forwards to ${p.callee} segments of ${p.objects} that arrived through the host while offloading`,
    read: page('§6.8 Forward', '"Forwarding Data to an Offload Target"'),
  },
  NdisTcpOffloadForwardComplete: {
    says: (p) => `${p.caller} tells ${p.callee} the forwarded segments of ${p.objects} were taken`,
    read: page('§6.8 Forward', 'NdisTcpOffloadForwardComplete'),
  },
};

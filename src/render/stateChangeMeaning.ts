/**
 * What a state change means for a learner: which graph it is on (the offload state of §2.1, the RFC 793
 * TCP state of §11.1, the host's view of the adapter of §6.10) and what the new state says about who
 * owns the connection. Read by the narrator the first time each change is seen.
 */
import type { StateChangeEvent } from '../trace/TraceEvent.js';

/** The graph a region is, in the words the narration uses after the arrow. */
export const REGION_NAME: Readonly<Record<StateChangeEvent['region'], string>> = {
  offload: 'offload state',
  tcp: 'TCP state',
  adapter: 'adapter state',
};

/** Where to read about each region. */
export const REGION_PAGE: Readonly<Record<StateChangeEvent['region'], string>> = {
  offload: 'reference §2.1 TCP_CONNECTION_OFFLOAD_STATE; SDK page TCP_CONNECTION_OFFLOAD_STATE (tcpmib.h)',
  tcp: 'reference §11.1 TCPSTATE; SDK page TCPSTATE (mstcpip.h)',
  adapter: 'reference §6.10 Adapter-wide status indications; WDK pages NDIS_STATUS_OFFLOAD_PAUSE and NDIS_STATUS_OFFLOAD_RESUME',
};

const OFFLOAD_MEANING: Readonly<Record<string, string>> = {
  Offloading: 'the offload has started: the host still owns the state until the target confirms',
  Offloaded: 'the target now owns the state: it sends, receives and acknowledges for the host',
  Uploading: 'the upload has started: the target is handing the state back',
  InHost: 'the host owns the state (its own TCP runs the connection)',
};

const TCP_MEANING: Readonly<Record<string, string>> = {
  CLOSE_WAIT: 'the peer has closed its half; this side may still send',
  FIN_WAIT_1: 'this side has sent its FIN and waits for it to be acknowledged',
  FIN_WAIT_2: 'this side\'s FIN is acknowledged; it waits for the peer\'s FIN',
  CLOSING: 'both sides sent a FIN at the same time; waiting for the last acknowledgement',
  TIME_WAIT: 'both halves are closed; the connection lingers so late segments are not mistaken for new ones',
  LAST_ACK: 'both FINs are sent; waiting for the acknowledgement of ours',
  CLOSED: 'the connection is gone (GetTcpTable2 shows it as DELETE_TCB once)',
  ESTABLISHED: 'the connection is open both ways',
};

const ADAPTER_MEANING: Readonly<Record<string, string>> = {
  OffloadPaused: 'the host must not start new offloads until NDIS_STATUS_OFFLOAD_RESUME',
  OffloadEnabled: 'the host may offload to the target again',
};

/** `the target now owns the state ...`, or undefined for a state without a plain meaning here. */
export function stateMeaning(e: StateChangeEvent): string | undefined {
  const table = e.region === 'offload' ? OFFLOAD_MEANING : e.region === 'tcp' ? TCP_MEANING : ADAPTER_MEANING;
  if (e.region === 'offload' && e.from === 'Offloading' && e.to === 'InHost') return 'the offload failed: the connection stays in the host';
  return table[e.to];
}

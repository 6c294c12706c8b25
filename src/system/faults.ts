/**
 * The catalogue of deliberate faults: each is a small, realistic mistake written as a variant of a
 * reference layer that overrides one handler (at most two), for negative scenarios and for showing that
 * the named invariants catch it (test/property/invariants.property.test.ts says which one). A scenario
 * names them in `topology.faults`; createSimulation takes them by name.
 */
import { imCompletesInitiateEarly } from '../drivers/faults/imCompletesInitiateEarly.js';
import { imCompletesSendTwice } from '../drivers/faults/imCompletesSendTwice.js';
import { imDropsSendBacklogChange } from '../drivers/faults/imDropsSendBacklogChange.js';
import { imFreesEntryOnTerminate } from '../drivers/faults/imFreesEntryOnTerminate.js';
import { imLeaksCallEntry } from '../drivers/faults/imLeaksCallEntry.js';
import { imLeaksOffloadEntry } from '../drivers/faults/imLeaksOffloadEntry.js';
import { imRelaysAfterTerminateComplete } from '../drivers/faults/imRelaysAfterTerminateComplete.js';
import { imRelaysEventTwice } from '../drivers/faults/imRelaysEventTwice.js';
import { imRelaysWithOwnHandle } from '../drivers/faults/imRelaysWithOwnHandle.js';
import { imSwallowsAbort } from '../drivers/faults/imSwallowsAbort.js';
import { imSwallowsReceiveIndication } from '../drivers/faults/imSwallowsReceiveIndication.js';
import { imSwallowsStatusIndication } from '../drivers/faults/imSwallowsStatusIndication.js';
import { imSwallowsTcpOffloadEvent } from '../drivers/faults/imSwallowsTcpOffloadEvent.js';
import { imTruncatesEventInformation } from '../drivers/faults/imTruncatesEventInformation.js';
import { targetCompletesCopiedBlockList } from '../drivers/faults/targetCompletesCopiedBlockList.js';
import { targetDropsBufferedDataOnUpload } from '../drivers/faults/targetDropsBufferedDataOnUpload.js';
import { targetDropsSendChainOnUpload } from '../drivers/faults/targetDropsSendChainOnUpload.js';
import { targetForgetsRetransmitOnUpload } from '../drivers/faults/targetForgetsRetransmitOnUpload.js';
import { targetFailsQueryNotSupported } from '../drivers/faults/targetFailsQueryNotSupported.js';
import { targetForgetsReceivesOnTerminate } from '../drivers/faults/targetForgetsReceivesOnTerminate.js';
import { targetIndicatesBeforeFillingPosted } from '../drivers/faults/targetIndicatesBeforeFillingPosted.js';
import { targetIndicatesDisconnectEarly } from '../drivers/faults/targetIndicatesDisconnectEarly.js';
import { targetFreesConnectionOnReset } from '../drivers/faults/targetFreesConnectionOnReset.js';
import { targetResetsUnknownSegment } from '../drivers/faults/targetResetsUnknownSegment.js';
import { targetIgnoresReceiveWindow } from '../drivers/faults/targetIgnoresReceiveWindow.js';
import { targetIndicatesAfterTerminate } from '../drivers/faults/targetIndicatesAfterTerminate.js';
import { targetIndicatesDuringInitiate } from '../drivers/faults/targetIndicatesDuringInitiate.js';
import { targetIndicatesWithPathHandle } from '../drivers/faults/targetIndicatesWithPathHandle.js';
import { targetNeverCompletesQuery } from '../drivers/faults/targetNeverCompletesQuery.js';
import { targetReturnsStaleDelegatedState } from '../drivers/faults/targetReturnsStaleDelegatedState.js';
import type { AnyIntermediateDriver } from '../drivers/IntermediateDriver.js';
import type { AnyOffloadTarget } from '../drivers/OffloadTarget.js';
import { hostIgnoresMandatoryRetrieve } from '../layers/host/faults/hostIgnoresMandatoryRetrieve.js';
import { hostOffloadsWhilePaused } from '../layers/host/faults/hostOffloadsWhilePaused.js';
import type { HostStackHandlers } from '../layers/host/HostStackHandlers.js';

/** Where a fault goes: it replaces the host stack, every intermediate driver, or the target. */
export type FaultVariant =
  | { host: HostStackHandlers }
  | { intermediateDriver: AnyIntermediateDriver }
  | { target: AnyOffloadTarget };

export const FAULTS = {
  /** The host ignores TcpIndicateRetrieve even for a mandatory reason. */
  'host-ignores-mandatory-retrieve': { host: hostIgnoresMandatoryRetrieve },
  /** The host offloads when told to even after NDIS_STATUS_OFFLOAD_PAUSE. */
  'host-offloads-while-paused': { host: hostOffloadsWhilePaused },
  /** Every intermediate driver relays indications with its own handle. */
  'im-relays-with-own-handle': { intermediateDriver: imRelaysWithOwnHandle },
  /** Every intermediate driver drops the TCP offload events for its own connections. */
  'im-swallows-tcp-offload-event': { intermediateDriver: imSwallowsTcpOffloadEvent },
  /** Every intermediate driver takes the received data offered for its own connections without passing it up. */
  'im-swallows-receive-indication': { intermediateDriver: imSwallowsReceiveIndication },
  /** Every intermediate driver drops the adapter status indications from below. */
  'im-swallows-status-indication': { intermediateDriver: imSwallowsStatusIndication },
  /** Every intermediate driver drops TcpIndicateSendBacklogChange for its own connections. */
  'im-drops-send-backlog-change': { intermediateDriver: imDropsSendBacklogChange },
  /** Every intermediate driver passes EventSpecificInformation up cut to 16 bits. */
  'im-truncates-event-information': { intermediateDriver: imTruncatesEventInformation },
  /** Every intermediate driver drops TcpIndicateAbort for its own connections. */
  'im-swallows-abort': { intermediateDriver: imSwallowsAbort },
  /** Every intermediate driver frees its offload entries when the terminate goes down, not when its completion goes up. */
  'im-frees-entry-on-terminate': { intermediateDriver: imFreesEntryOnTerminate },
  /** Every intermediate driver keeps its offload entries after the terminate completed. */
  'im-leaks-offload-entry': { intermediateDriver: imLeaksOffloadEntry },
  /** Every intermediate driver keeps the call entry of each query after completing it upward. */
  'im-leaks-call-entry': { intermediateDriver: imLeaksCallEntry },
  /** Every intermediate driver completes each send upward twice. */
  'im-completes-send-twice': { intermediateDriver: imCompletesSendTwice },
  /** Every intermediate driver completes an initiate upward before the layer below completed it. */
  'im-completes-initiate-early': { intermediateDriver: imCompletesInitiateEarly },
  /** Every intermediate driver relays each TCP offload event for its own connections twice. */
  'im-relays-event-twice': { intermediateDriver: imRelaysEventTwice },
  /** Every intermediate driver holds back the events of a connection being terminated and relays them after the terminate completed. */
  'im-relays-after-terminate-complete': { intermediateDriver: imRelaysAfterTerminateComplete },
  /** The target forgets the send data it holds when it uploads a connection. */
  'target-drops-send-chain-on-upload': { target: targetDropsSendChainOnUpload },
  /** The target discards the received data it holds when it uploads a connection. */
  'target-drops-buffered-data-on-upload': { target: targetDropsBufferedDataOnUpload },
  /** The target indicates TcpIndicateSendBacklogChange before its initiate completion has returned. */
  'target-indicates-during-initiate': { target: targetIndicatesDuringInitiate },
  /** The target indicates for a connection after completing its terminate. */
  'target-indicates-after-terminate': { target: targetIndicatesAfterTerminate },
  /** The target hands back, on terminate, the delegated sequence numbers it was given at initiate. */
  'target-returns-stale-delegated-state': { target: targetReturnsStaleDelegatedState },
  /** The target never completes a query. */
  'target-never-completes-query': { target: targetNeverCompletesQuery },
  /** The target completes every query with NDIS_STATUS_NOT_SUPPORTED. */
  'target-fails-query-not-supported': { target: targetFailsQueryNotSupported },
  /** The target completes a terminate with a copy of the block list it was given. */
  'target-completes-copied-block-list': { target: targetCompletesCopiedBlockList },
  /** The target indicates an event with the path's handle instead of the connection's. */
  'target-indicates-with-path-handle': { target: targetIndicatesWithPathHandle },
  /** The target completes a terminate with the receive buffers the host posted still outstanding, and never completes them. */
  'target-forgets-receives-on-terminate': { target: targetForgetsReceivesOnTerminate },
  /** The target indicates newly arrived data without filling the receive buffers the host posted. */
  'target-indicates-before-filling-posted': { target: targetIndicatesBeforeFillingPosted },
  /** The target indicates the peer's FIN as soon as it arrives, before the data held before it has gone up. */
  'target-indicates-disconnect-early': { target: targetIndicatesDisconnectEarly },
  /** The target frees a connection as soon as the peer resets it, before the host terminates it. */
  'target-frees-connection-on-reset': { target: targetFreesConnectionOnReset },
  /** The target answers a segment for a connection it does not hold with an RST. */
  'target-resets-unknown-segment': { target: targetResetsUnknownSegment },
  /** The target hands unacknowledged data back on upload with its retransmit timer "not running" (shows only on a lossy wire). */
  'target-forgets-retransmit-on-upload': { target: targetForgetsRetransmitOnUpload },
  /** The target takes bytes past the receive window it advertised, and acknowledges them. */
  'target-ignores-receive-window': { target: targetIgnoresReceiveWindow },
} as const satisfies Record<string, FaultVariant>;

export type FaultName = keyof typeof FAULTS;

/**
 * Faults that only a wire that loses segments can show (a retransmission forgotten): a check or an
 * exploration of one runs over a lossy wire, and may drop segments (a `drop` step).
 */
export const LOSSY_WIRE_FAULTS: ReadonlySet<string> = new Set<FaultName>(['target-forgets-retransmit-on-upload']);

/** The fault names, in catalogue order. */
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

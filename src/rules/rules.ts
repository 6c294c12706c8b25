/**
 * The rulebook: the ordering rules of reference §8 that the state-manipulation, data I/O (send,
 * receive, disconnect) and indication interfaces can break — judged from the wire at the NIC and from
 * what a completion returns where the calls alone cannot show them — plus enum legality and the relays an
 * intermediate driver owes the layer above (§7.5). Each rule is data,
 * written in book/ by family; `source` is the documentation page. The order of this list is the order
 * a crossing's violations are reported in, and so part of every golden trace.
 */
import type { AnyRule } from './Rule.js';
import { targetAcksWithinAdvertisedWindow, targetSendsWithinPeerWindow } from './book/window.js';
import { disconnectIndicatedAfterDataBeforeFin, resourcesKeptUntilTerminate, targetRstOnlyForAbortiveDisconnect } from './book/closing.js';
import { mandatoryRetrieveAnsweredByUpload } from './book/eventually.js';
import { imRelaysEventOnce, imRelaysReceiveIndication, imRelaysStatusIndication, imRelaysTcpOffloadEvent } from './book/imRelays.js';
import {
  eventTypeLegal,
  indicationOnKnownConnection,
  noDiscretionaryRetrieveWhenHalfClosed,
  noIndicationBeforeInitiateComplete,
  uploadReasonLegal,
} from './book/indications.js';
import {
  ioAbortedAfterAbort,
  nblCompletedOnce,
  receiveAfterDisconnectInvalidState,
  sendCompletionsInOrder,
  sendListFailsAfterFirstFailure,
} from './book/ioCompletions.js';
import { ioOnOffloadedConnection, ioReturnsPending, noIoAfterTerminateStarted, noIoBeforeInitiateComplete } from './book/ioRequests.js';
import { offloadStateLegal, offloadTransitionLegal } from './book/offloadStateChanges.js';
import {
  noReceiveDataAfterDisconnectIndication,
  postedReceivesFilledBeforeIndication,
  receiveDataInOrder,
  receiveIndicationResultLegal,
  receiveIndicationStatusSuccess,
  receiveReturnOfLentNbl,
  receiveReturnReturnsSuccess,
} from './book/receivePath.js';
import {
  completeOnceWithSameRoot,
  contextWrittenOnlyOnSuccess,
  statusLegalForOperation,
  statusWrittenOnEveryNode,
  terminateCompletesAfterOutstandingIo,
} from './book/stateCompletions.js';
import {
  linkerReferencesOffloadedObject,
  noDuplicateOffload,
  noOffloadWhilePaused,
  noOperationAfterTerminate,
  noOperationBeforeInitiateComplete,
  offloadOnlySynchronizedTcpState,
  oneUpdateInFlight,
  operationOnOffloadedObject,
  terminateAfterOperationsComplete,
  terminateNeighborOrPathWithDependents,
} from './book/stateRequests.js';

/** Every rule, in the order its violations are reported. */
export const RULEBOOK: readonly AnyRule[] = [
  // state-manipulation completions
  completeOnceWithSameRoot,
  statusWrittenOnEveryNode,
  statusLegalForOperation,
  contextWrittenOnlyOnSuccess,
  terminateCompletesAfterOutstandingIo,
  resourcesKeptUntilTerminate,
  // state-manipulation requests
  noDuplicateOffload,
  linkerReferencesOffloadedObject,
  offloadOnlySynchronizedTcpState,
  noOffloadWhilePaused,
  noOperationBeforeInitiateComplete,
  noOperationAfterTerminate,
  operationOnOffloadedObject,
  oneUpdateInFlight,
  terminateAfterOperationsComplete,
  terminateNeighborOrPathWithDependents,
  // data I/O requests
  ioOnOffloadedConnection,
  noIoBeforeInitiateComplete,
  noIoAfterTerminateStarted,
  ioReturnsPending,
  // data I/O completions and the receive path, interleaved as they were first listed
  nblCompletedOnce,
  sendCompletionsInOrder,
  receiveIndicationStatusSuccess,
  receiveIndicationResultLegal,
  receiveDataInOrder,
  noReceiveDataAfterDisconnectIndication,
  postedReceivesFilledBeforeIndication,
  receiveAfterDisconnectInvalidState,
  receiveReturnOfLentNbl,
  receiveReturnReturnsSuccess,
  ioAbortedAfterAbort,
  sendListFailsAfterFirstFailure,
  // indications
  eventTypeLegal,
  uploadReasonLegal,
  indicationOnKnownConnection,
  noIndicationBeforeInitiateComplete,
  noDiscretionaryRetrieveWhenHalfClosed,
  disconnectIndicatedAfterDataBeforeFin,
  // the wire at the NIC
  targetRstOnlyForAbortiveDisconnect,
  targetAcksWithinAdvertisedWindow,
  targetSendsWithinPeerWindow,
  // eventually
  mandatoryRetrieveAnsweredByUpload,
  // intermediate drivers pass indications up
  imRelaysTcpOffloadEvent,
  imRelaysReceiveIndication,
  imRelaysStatusIndication,
  imRelaysEventOnce,
  // offload-state changes
  offloadStateLegal,
  offloadTransitionLegal,
];

/** The rule with this id (for scenarios and tests). */
export function ruleById(id: string): AnyRule | undefined {
  return RULEBOOK.find((r) => r.id === id);
}

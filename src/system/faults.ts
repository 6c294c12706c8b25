/**
 * The catalogue of deliberate faults: each is a small variant of a reference layer that overrides one
 * handler, for negative scenarios and for showing that the properties catch it. A scenario names them
 * in `topology.faults`; createSimulation takes them by name.
 */
import { imRelaysWithOwnHandle } from '../drivers/faults/imRelaysWithOwnHandle.js';
import { imSwallowsReceiveIndication } from '../drivers/faults/imSwallowsReceiveIndication.js';
import { imSwallowsStatusIndication } from '../drivers/faults/imSwallowsStatusIndication.js';
import { imSwallowsTcpOffloadEvent } from '../drivers/faults/imSwallowsTcpOffloadEvent.js';
import { targetDropsBufferedDataOnUpload } from '../drivers/faults/targetDropsBufferedDataOnUpload.js';
import { targetDropsSendChainOnUpload } from '../drivers/faults/targetDropsSendChainOnUpload.js';
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
  /** The target forgets the send data it holds when it uploads a connection. */
  'target-drops-send-chain-on-upload': { target: targetDropsSendChainOnUpload },
  /** The target discards the received data it holds when it uploads a connection. */
  'target-drops-buffered-data-on-upload': { target: targetDropsBufferedDataOnUpload },
} as const satisfies Record<string, FaultVariant>;

export type FaultName = keyof typeof FAULTS;

/** The fault names, in catalogue order. */
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

/**
 * Which rules of the rulebook a trace exercised and which it broke, read from the trace alone: the
 * rulebook asks a rule about every crossing of a kind the rule lists (a call of the trace is that
 * crossing: NdisInitiateOffload a `request`, NdisTcpOffloadEventHandler an `event`, a data call's
 * `return` an `ioReturn` ...), about every state change when it judges state changes, and at
 * quiescence when it is an "eventually" rule (every run that did anything reached it at its end). This
 * is what `chimney explore`'s coverage calls exercised, from the trace instead of the rulebook's hook.
 */
import type { NdisFunction } from '../ndis/calls.js';
import type { CrossingKind } from '../rules/Crossing.js';
import { RULEBOOK } from '../rules/rules.js';
import type { TraceEvent } from '../trace/TraceEvent.js';

/** The crossing kind a call of the trace is, by its function; absent for calls the rulebook is not asked about. */
const CALL_CROSSING: Partial<Record<NdisFunction, CrossingKind>> = {
  NdisInitiateOffload: 'request',
  NdisTerminateOffload: 'request',
  NdisUpdateOffload: 'request',
  NdisInvalidateOffload: 'request',
  NdisQueryOffloadState: 'request',
  NdisMInitiateOffloadComplete: 'completion',
  NdisMTerminateOffloadComplete: 'completion',
  NdisMUpdateOffloadComplete: 'completion',
  NdisMInvalidateOffloadComplete: 'completion',
  NdisMQueryOffloadStateComplete: 'completion',
  NdisTcpOffloadEventHandler: 'event',
  NdisMOffloadEventIndicate: 'offloadEvent',
  NdisMIndicateStatusEx: 'status',
  NdisOffloadTcpSend: 'io',
  NdisOffloadTcpDisconnect: 'io',
  NdisOffloadTcpReceive: 'io',
  NdisOffloadTcpForward: 'io',
  NdisTcpOffloadSendComplete: 'ioComplete',
  NdisTcpOffloadDisconnectComplete: 'ioComplete',
  NdisTcpOffloadReceiveComplete: 'ioComplete',
  NdisTcpOffloadForwardComplete: 'ioComplete',
  NdisTcpOffloadReceiveHandler: 'receiveIndicate',
  NdisOffloadTcpReceiveReturn: 'receiveReturn',
};

/** The crossing kind of a call's return, when the rulebook is asked about it. */
const RETURN_CROSSING: Partial<Record<NdisFunction, CrossingKind>> = {
  NdisOffloadTcpSend: 'ioReturn',
  NdisOffloadTcpDisconnect: 'ioReturn',
  NdisOffloadTcpReceive: 'ioReturn',
  NdisOffloadTcpForward: 'ioReturn',
  NdisTcpOffloadReceiveHandler: 'receiveIndicateReturn',
};

export interface RulesOfTrace {
  /** Rule ids asked at least once. */
  readonly exercised: ReadonlySet<string>;
  /** Rule ids a violation event names. */
  readonly violated: ReadonlySet<string>;
}

/** The rules one trace exercised and broke. */
export function rulesOfTrace(events: readonly TraceEvent[]): RulesOfTrace {
  const kinds = new Set<CrossingKind>();
  let changes = false;
  const violated = new Set<string>();
  for (const e of events) {
    if (e.kind === 'call') {
      const k = CALL_CROSSING[e.fn];
      if (k !== undefined) kinds.add(k);
    } else if (e.kind === 'return') {
      const k = RETURN_CROSSING[e.fn];
      if (k !== undefined) kinds.add(k);
    } else if (e.kind === 'stateChange') changes = true;
    else if (e.kind === 'violation') violated.add(e.rule);
  }
  const exercised = new Set<string>();
  for (const rule of RULEBOOK) {
    const listed = rule.crossing === undefined ? [] : typeof rule.crossing === 'string' ? [rule.crossing] : rule.crossing;
    if (listed.some((k) => kinds.has(k)) || (changes && rule.onStateChange !== undefined) || (events.length > 0 && rule.atQuiescence !== undefined)) exercised.add(rule.id);
  }
  for (const id of violated) exercised.add(id);
  return { exercised, violated };
}

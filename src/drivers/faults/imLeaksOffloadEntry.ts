/**
 * Deliberate fault `im-leaks-offload-entry`: an intermediate driver that never frees an offload entry
 * after the terminate's completion went up (reference §7.2: the entry lives for the duration of the
 * offload; free it after the terminate completes upward). Every upload leaves an entry, with both its
 * handles, behind. Overrides ProtocolTerminateOffloadComplete and nothing else.
 */
import type { IntermediateDriver } from '../IntermediateDriver.js';
import type { PassThroughState } from '../reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../reference/passThroughIntermediateDriver.js';

export const imLeaksOffloadEntry: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'im-leaks-offload-entry',
  ProtocolTerminateOffloadComplete: (s, args, ndis) => {
    const entries = { ...s.entries };
    const byHandle = { ...s.byHandle };
    passThroughIntermediateDriver.ProtocolTerminateOffloadComplete(s, args, ndis);
    // the bug: the completion went up, but the entries it freed are put back (never freed)
    for (const [id, entry] of Object.entries(entries)) if (!s.entries[Number(id)]) s.entries[Number(id)] = { ...entry, state: 'Terminating' };
    Object.assign(s.byHandle, byHandle);
  },
};

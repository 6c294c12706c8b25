/**
 * The TCP_CONNECTION_OFFLOAD_STATE graph (reference §2.1): every (state, event) pair against a
 * hand-written table, and the compiled table against xstate's own `transition`.
 */
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import {
  isOffloadTransition,
  nextOffloadState,
  OFFLOAD_STATE_NAMES,
  offloadStateMachine,
  type OffloadStateEvent,
} from '../../../src/machines/offloadStateMachine.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';

const InHost = S.TcpConnectionOffloadStateInHost;
const Offloading = S.TcpConnectionOffloadStateOffloading;
const Offloaded = S.TcpConnectionOffloadStateOffloaded;
const Uploading = S.TcpConnectionOffloadStateUploading;

const EVENTS: Record<string, OffloadStateEvent> = {
  initiate: { type: 'NdisInitiateOffload' },
  completeOk: { type: 'ProtocolInitiateOffloadComplete', Status: NDIS_STATUS.NDIS_STATUS_SUCCESS },
  completeTcpEntries: { type: 'ProtocolInitiateOffloadComplete', Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_TCP_ENTRIES },
  terminate: { type: 'NdisTerminateOffload' },
  terminateComplete: { type: 'ProtocolTerminateOffloadComplete', Status: NDIS_STATUS.NDIS_STATUS_SUCCESS },
};

type Row = Record<keyof typeof EVENTS, number | undefined>;
const none: Row = { initiate: undefined, completeOk: undefined, completeTcpEntries: undefined, terminate: undefined, terminateComplete: undefined };

/** Expected next state per (state, event); undefined = illegal. */
const EXPECTED: Record<number, Row> = {
  [InHost]: { ...none, initiate: Offloading },
  [Offloading]: { ...none, completeOk: Offloaded, completeTcpEntries: InHost },
  [Offloaded]: { ...none, terminate: Uploading },
  [Uploading]: { ...none, terminateComplete: InHost },
  [S.TcpConnectionOffloadStateMax]: none,
  7: none,
  [-1]: none,
};

describe('nextOffloadState: full (state × event) table', () => {
  it('state values are as in the header', () => {
    expect([InHost, Offloading, Offloaded, Uploading, S.TcpConnectionOffloadStateMax]).toEqual([0, 1, 2, 3, 4]);
  });

  for (const [stateText, row] of Object.entries(EXPECTED)) {
    const state = Number(stateText);
    for (const [eventKey, expected] of Object.entries(row)) {
      it(`state ${state} on ${eventKey} -> ${expected ?? 'illegal'}`, () => {
        expect(nextOffloadState(state, EVENTS[eventKey]!)).toBe(expected);
      });
    }
  }

  it('any failure Status on the initiate completion goes back to InHost', () => {
    for (const Status of [NDIS_STATUS.NDIS_STATUS_FAILURE, NDIS_STATUS.NDIS_STATUS_RESOURCES, NDIS_STATUS.NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED]) {
      expect(nextOffloadState(Offloading, { type: 'ProtocolInitiateOffloadComplete', Status })).toBe(InHost);
    }
  });

  it('isOffloadTransition holds exactly for the edges of the graph', () => {
    const edges = new Set(['0>1', '1>2', '1>0', '2>3', '3>0']);
    for (let from = -1; from <= 7; from++) {
      for (let to = -1; to <= 7; to++) {
        expect(isOffloadTransition(from, to), `${from} -> ${to}`).toBe(edges.has(`${from}>${to}`));
      }
    }
  });
});

describe('compiled table agrees with xstate transition()', () => {
  for (const [index, name] of OFFLOAD_STATE_NAMES.entries()) {
    for (const [eventKey, event] of Object.entries(EVENTS)) {
      it(`${name} on ${eventKey}`, () => {
        const snapshot = offloadStateMachine.resolveState({ value: name });
        expect(snapshot.value).toBe(name);
        const [next] = transition(offloadStateMachine, snapshot, event);
        const compiled = nextOffloadState(index, event);
        if (compiled === undefined) {
          // xstate leaves the snapshot where it was when no transition is enabled (the graph has no self-loops).
          expect(next.value).toBe(name);
        } else {
          expect(next.value).toBe(OFFLOAD_STATE_NAMES[compiled]);
          expect(next.value).not.toBe(name);
        }
      });
    }
  }
});

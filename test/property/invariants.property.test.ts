/**
 * The named invariants (src/check/invariants) over random runs (randomSteps.ts), checked after every
 * step: the reference host, intermediate drivers and target break none of them, and every fault of the
 * catalogue (FAULTS) breaks the one it is written to break — found by the properties' own random
 * generator and shrunk to a short counterexample. A fault added to the catalogue without a row here
 * fails the first test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAULT_NAMES, type FaultName } from '../../src/system/faults.js';
import { firstInvariantBreak, LONG_RUN_STEPS, longRun, randomRun, randomScheduling, SEED } from './randomSteps.js';

/** Each fault, and the invariant(s) — a rule id for the rulebook — that catch it (any one of them). */
const CAUGHT_BY: Record<FaultName, readonly string[]> = {
  'host-ignores-mandatory-retrieve': ['mandatory-retrieve-answered-by-upload', 'returns-in-host'],
  'host-offloads-while-paused': ['no-offload-while-paused'],
  'im-relays-with-own-handle': ['indication-on-known-connection'],
  'im-swallows-tcp-offload-event': ['im-relays-tcp-offload-event'],
  'im-swallows-receive-indication': ['im-relays-receive-indication'],
  'im-swallows-status-indication': ['im-relays-status-indication'],
  'im-drops-send-backlog-change': ['im-relays-tcp-offload-event'],
  'im-truncates-event-information': ['im-relays-tcp-offload-event'],
  'im-swallows-abort': ['im-relays-tcp-offload-event'],
  'im-frees-entry-on-terminate': ['im-relays-tcp-offload-event', 'im-relays-receive-indication'],
  'im-leaks-offload-entry': ['no-leaks'],
  'im-leaks-call-entry': ['no-leaks'],
  'im-completes-send-twice': ['nbl-completed-once'],
  // The host acts on a connection the target below is still offloading: the rules judge it at IM1's lower binding.
  'im-completes-initiate-early': ['no-io-before-initiate-complete', 'no-operation-before-initiate-complete', 'no-indication-before-initiate-complete'],
  'im-relays-event-twice': ['im-relays-event-once'],
  'im-relays-after-terminate-complete': ['im-relays-tcp-offload-event'],
  'target-drops-send-chain-on-upload': ['no-byte-lost', 'terminate-completes-after-outstanding-io'],
  'target-drops-buffered-data-on-upload': ['no-byte-lost'],
  'target-indicates-during-initiate': ['no-indication-before-initiate-complete'],
  'target-indicates-after-terminate': ['indication-on-known-connection'],
  'target-returns-stale-delegated-state': ['no-byte-lost'],
  'target-never-completes-query': ['requests-completed'],
  'target-fails-query-not-supported': ['status-legal-for-operation'],
  'target-completes-copied-block-list': ['complete-once-with-same-root'],
  'target-indicates-with-path-handle': ['indication-on-known-connection'],
  'target-forgets-receives-on-terminate': ['terminate-completes-after-outstanding-io'],
  'target-indicates-before-filling-posted': ['posted-receives-filled-before-indication'],
  'target-indicates-disconnect-early': ['disconnect-indicated-after-data-before-fin'],
  'target-frees-connection-on-reset': ['resources-kept-until-terminate'],
  'target-resets-unknown-segment': ['target-rst-only-for-abortive-disconnect'],
  'target-forgets-retransmit-on-upload': ['no-byte-lost'],
  'target-ignores-receive-window': ['target-acks-within-advertised-window'],
};

describe('the named invariants over random runs', () => {
  it('every fault of the catalogue says which invariant catches it, and at least 12 are intermediate-driver or target mutants', () => {
    expect(Object.keys(CAUGHT_BY).sort()).toEqual([...FAULT_NAMES].sort());
    expect(FAULT_NAMES.filter((f) => f.startsWith('im-') || f.startsWith('target-')).length).toBeGreaterThanOrEqual(12);
  });

  it(`hold for the reference drivers, whatever the steps and the delivery order (seed ${SEED})`, () => {
    fc.assert(
      fc.property(randomRun, ([ims, receiveBuffer, steps]) => {
        expect(firstInvariantBreak(ims, receiveBuffer, steps)).toBeNull();
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it(`hold for long runs: four connections, 0-4 intermediate drivers, ${LONG_RUN_STEPS.min}-${LONG_RUN_STEPS.max} steps, random scheduling (seed ${SEED})`, () => {
    fc.assert(
      fc.property(longRun, ([ims, receiveBuffer, steps, seed]) => {
        expect(firstInvariantBreak(ims, receiveBuffer, steps, randomScheduling(seed))).toBeNull();
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it.each(FAULT_NAMES.map((fault) => ({ fault, caughtBy: CAUGHT_BY[fault].join(' or ') })))(
    `the fault $fault breaks $caughtBy, with a short counterexample (seed ${SEED})`,
    ({ fault }) => {
      const options = { faults: [fault] };
      const result = fc.check(
        fc.property(randomRun, ([ims, receiveBuffer, steps]) => firstInvariantBreak(ims, receiveBuffer, steps, options) === null),
        { seed: SEED, numRuns: 3_000 }, // stops at the first failure
      );
      expect(result.failed).toBe(true);
      const [ims, receiveBuffer, steps] = result.counterexample![0];
      const found = firstInvariantBreak(ims, receiveBuffer, steps, options)!;
      expect(CAUGHT_BY[fault].some((name) => found.includes(`${name} (`)), found).toBe(true);
      expect(steps.length).toBeLessThanOrEqual(8);
    },
  );
});

/**
 * Nothing is lost and nothing is duplicated, in both directions: after every step of a random run
 * (randomSteps.ts) every byte either side sent is in exactly one place. A target that drops the send
 * chain on upload, or the buffered receive data, must make the same property fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstLoss, LONG_RUN_STEPS, longRun, lossRates, randomRun, randomScheduling, SEED } from './randomSteps.js';

describe('no byte lost, none duplicated (data both ways across offload, upload, FIN and RST)', () => {
  it(`holds for random steps and delivery orders (seed ${SEED})`, () => {
    fc.assert(
      fc.property(randomRun, ([ims, receiveBuffer, steps]) => {
        expect(firstLoss(ims, receiveBuffer, steps)).toBeNull();
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it(`holds for long runs: four connections, 0-4 intermediate drivers, ${LONG_RUN_STEPS.min}-${LONG_RUN_STEPS.max} steps, random scheduling (seed ${SEED})`, () => {
    // The shape that found a received byte duplicated and another lost, and a byte delivered twice after a re-offload (issue 11 defect 9).
    fc.assert(
      fc.property(longRun, ([ims, receiveBuffer, steps, seed]) => {
        expect(firstLoss(ims, receiveBuffer, steps, randomScheduling(seed))).toBeNull();
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it(`holds over a lossy wire that drops, duplicates and reorders segments at seeded rates, the timers delivered among them (seed ${SEED})`, () => {
    // Whoever owns the connection retransmits: the target while offloaded, the host's TCP in the host; the
    // ledger also finds bytes sent, unacknowledged, and left with no timer to send them again.
    fc.assert(
      fc.property(randomRun, lossRates, ([ims, receiveBuffer, steps], wire) => {
        expect(firstLoss(ims, receiveBuffer, steps, { wire })).toBeNull();
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it(`holds over a lossy wire for long runs: four connections, 0-4 intermediate drivers, random scheduling (seed ${SEED})`, () => {
    fc.assert(
      fc.property(longRun, lossRates, ([ims, receiveBuffer, steps, seed], wire) => {
        expect(firstLoss(ims, receiveBuffer, steps, { ...randomScheduling(seed), wire })).toBeNull();
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it(`fails over a lossy wire for a target that forgets its retransmit timer on upload (seed ${SEED})`, () => {
    const options = { faults: ['target-forgets-retransmit-on-upload'] as const, wire: { drop: 0.25 } };
    const result = fc.check(
      fc.property(randomRun, ([ims, receiveBuffer, steps]) => firstLoss(ims, receiveBuffer, steps, options) === null),
      { seed: SEED, numRuns: 3_000 }, // stops at the first failure
    );
    expect(result.failed).toBe(true);
    const [ims, receiveBuffer, steps] = result.counterexample![0];
    expect(firstLoss(ims, receiveBuffer, steps, options)).toMatch(/nothing will send them again/);
    expect(steps.some((s) => s.kind === 'offload')).toBe(true); // the data was the target's, and came back with the upload
  });

  // Shrinking leaves the essence: data in the dropped direction, then the connection offloaded and uploaded.
  it.each([
    { what: 'the send chain', options: { faults: ['target-drops-send-chain-on-upload'] as const }, essential: 'send' as const },
    { what: 'its buffered receive data', options: { faults: ['target-drops-buffered-data-on-upload'] as const }, essential: 'peerSend' as const },
  ])(`fails for a target that drops $what on upload, with a short counterexample (seed ${SEED})`, ({ options, essential }) => {
    const result = fc.check(
      fc.property(randomRun, ([ims, receiveBuffer, steps]) => firstLoss(ims, receiveBuffer, steps, options) === null),
      { seed: SEED, numRuns: 3_000 }, // stops at the first failure
    );
    expect(result.failed).toBe(true);
    const [, , steps] = result.counterexample![0];
    expect(steps.length).toBeLessThanOrEqual(6);
    expect(steps.some((s) => s.kind === essential)).toBe(true);
  });
});


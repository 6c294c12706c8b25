/**
 * Nothing is lost and nothing is duplicated, in both directions: after every step of a random run
 * (randomSteps.ts) every byte either side sent is in exactly one place. A target that drops the send
 * chain on upload, or the buffered receive data, must make the same property fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNoByteLost } from '../../src/invariants/noByteLost.js';
import { perform, randomRun, SEED, simulationFor, withEnding, type Step } from './randomSteps.js';

/** A deliberately broken target, or none. */
type Fault = 'none' | 'dropsSendChain' | 'dropsBufferedData';

/** Runs the steps; the first ledger problem, or null when every byte stayed in exactly one place. */
function firstLoss(ims: number, receiveBuffer: number, steps: Step[], fault: Fault): string | null {
  const sim = simulationFor(ims, receiveBuffer, {
    targetDropsSendChainOnUpload: fault === 'dropsSendChain', targetDropsBufferedDataOnUpload: fault === 'dropsBufferedData',
  });
  for (const s of withEnding(steps)) {
    perform(sim, s);
    const problems = checkNoByteLost(sim);
    if (problems.length) return `${JSON.stringify(s)}: ${problems.map((p) => `${p.connection} ${p.message}`).join('; ')}`;
  }
  return null;
}

describe('no byte lost, none duplicated (data both ways across offload, upload, FIN and RST)', () => {
  it(`holds for random steps and delivery orders (seed ${SEED})`, () => {
    fc.assert(
      fc.property(randomRun, ([ims, receiveBuffer, steps]) => {
        expect(firstLoss(ims, receiveBuffer, steps, 'none')).toBeNull();
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  // Shrinking leaves the essence: data in the dropped direction, then the connection offloaded and uploaded.
  it.each([
    { fault: 'dropsSendChain' as const, what: 'the send chain', essential: 'send' as const },
    { fault: 'dropsBufferedData' as const, what: 'its buffered receive data', essential: 'peerSend' as const },
  ])(`fails for a target that drops $what on upload, with a short counterexample (seed ${SEED})`, ({ fault, essential }) => {
    const result = fc.check(
      fc.property(randomRun, ([ims, receiveBuffer, steps]) => firstLoss(ims, receiveBuffer, steps, fault) === null),
      { seed: SEED, numRuns: 3_000 }, // stops at the first failure
    );
    expect(result.failed).toBe(true);
    const [, , steps] = result.counterexample![0];
    expect(steps.length).toBeLessThanOrEqual(6);
    expect(steps.some((s) => s.kind === essential)).toBe(true);
  });
});

/**
 * The `no-byte-lost` invariant: nothing lost or duplicated on the data path, both ways — the ledger
 * checker checkNoByteLost (src/invariants/noByteLost.ts) after every step: every byte the application
 * wrote, and every byte the peer sent, is in exactly one place (acknowledged or delivered, or held by
 * exactly one layer, or in one completion or indication on its way up).
 */
import { checkNoByteLost } from '../../invariants/noByteLost.js';
import type { Invariant } from './Invariant.js';

const NAME = 'no-byte-lost';

export const noByteLost: Invariant = {
  name: NAME,
  source: 'reference §6.2 steps 3-4, §6.6, §6.7, §8 items 9-10',
  description: 'Every byte either side sent is in exactly one place: delivered or acknowledged, or held by exactly one layer or call on its way.',
  when: 'step',
  check: (sim) => checkNoByteLost(sim).map((p) => ({ invariant: NAME, message: `tcp ${p.connection}: ${p.message}` })),
};

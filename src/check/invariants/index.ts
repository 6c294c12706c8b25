/**
 * The invariants `chimney check` judges, in order. (The lead's minimal set while the catalogue of
 * invariants is written: the rulebook and the byte ledger.)
 */
import { checkNoByteLost } from '../../invariants/noByteLost.js';
import type { Simulation } from '../../system/Simulation.js';
import type { Invariant, InvariantBreak, UserInvariant } from './Invariant.js';

export type { Invariant, InvariantBreak, UserInvariant } from './Invariant.js';

const rulebook: Invariant = {
  name: 'rulebook',
  source: 'rulebook (src/rules/rules.ts)',
  description: 'Every rule of the rulebook holds at every NDIS crossing.',
  when: 'step',
  check: (sim) => sim.violations.map((v) => ({ invariant: v.rule, message: `${v.rule}: ${v.detail}` })),
};

const nothingLost: Invariant = {
  name: 'nothing-lost-or-duplicated',
  source: 'reference §6.1, §6.7 (the data path)',
  description: 'Every byte is in exactly one place, and delivered once and in order.',
  when: 'step',
  check: (sim) => checkNoByteLost(sim).map((p) => ({ invariant: 'nothing-lost-or-duplicated', message: `${p.connection}: ${p.message}` })),
};

const driverReturns: Invariant = {
  name: 'driver-returns',
  source: 'WDK: a miniport or protocol handler returns (an exception in a driver is a bugcheck)',
  description: 'No handler of a driver throws.',
  when: 'step',
  check: (sim) => (sim.crashed ? [{ invariant: 'driver-returns', message: sim.crashed.message }] : []),
};

export const INVARIANTS: readonly Invariant[] = [rulebook, driverReturns, nothingLost];
export const INVARIANT_NAMES = INVARIANTS.map((i) => i.name);

export function fromUserInvariant(u: UserInvariant): Invariant {
  return {
    name: u.name, source: 'yours', description: u.description ?? u.name, when: 'step',
    check: (sim) => {
      const problem = u.check(sim.snapshot());
      return problem === undefined ? [] : [{ invariant: u.name, message: problem }];
    },
  };
}

export function checkInvariants(sim: Simulation, invariants: readonly Invariant[], quiescent: boolean): InvariantBreak[] {
  const out: InvariantBreak[] = [];
  for (const inv of invariants) if (inv.when === 'step' || quiescent) out.push(...inv.check(sim));
  return out;
}

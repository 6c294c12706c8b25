/**
 * The `rulebook` invariant: every rule of the rulebook (src/rules/rules.ts) holds. The rulebook judges
 * every NDIS crossing as it happens, so this invariant only reports what it found: each violation in the
 * trace is one break, named by its rule id (`nbl-completed-once`, `im-relays-tcp-offload-event` ...).
 * Requests and NBLs completed exactly once, indications passed up once, unchanged and with the host's own
 * handle, and no indication for a connection the host does not consider offloaded are rules there.
 */
import type { Invariant, InvariantBreak } from './Invariant.js';

export const rulebookInvariant: Invariant = {
  name: 'rulebook',
  source: 'rulebook (reference §8 and the enumerations of §2, one rule each)',
  description: 'No rule of the rulebook is broken at any NDIS crossing; each break is named by the rule it breaks.',
  when: 'step',
  check: (sim) => {
    const violations = sim.violations;
    if (violations.length === 0) return [];
    const out: InvariantBreak[] = [];
    for (const v of violations) out.push({ invariant: v.rule, message: `${v.layer}: ${v.detail} (${v.objects.join(', ')})` });
    return out;
  },
};

/**
 * The named invariants `chimney check` and `chimney explore` hold a driver to, in the order they are
 * checked and reported:
 * 1. `rulebook` — every rule of the rulebook, each break named by its rule id (every crossing: requests
 *    and NBLs completed exactly once, indications passed up once, unchanged, with the host's own handle,
 *    never for a connection the host does not consider offloaded ...);
 * 2. `requests-completed` — when nothing is pending, every request that went down was completed;
 * 3. `returns-in-host` — liveness: after a mandatory Retrieve, an Abort, UPLOAD_ALL or a terminate, the
 *    connection is InHost within a bound of virtual time;
 * 4. `no-byte-lost` — nothing lost or duplicated on the data path;
 * 5. `no-leaks` — once every connection is InHost, no handle, offload entry, call entry or context slot left;
 * 6. `table-agrees` — the connection table agrees with the TCBs, and they with what crossed the host's binding;
 * 7. `driver-returns` — no handler of a driver throws.
 * A user adds their own as a function of the snapshot (fromUserInvariant).
 */
import type { Simulation } from '../../system/Simulation.js';
import type { Invariant, InvariantBreak, UserInvariant } from './Invariant.js';
import { noByteLost } from './noByteLost.js';
import { noLeaks } from './noLeaks.js';
import { requestsCompleted } from './requestsCompleted.js';
import { returnsInHost } from './returnsInHost.js';
import { rulebookInvariant } from './rulebook.js';
import { tableAgrees } from './tableAgrees.js';
import { driverReturns } from './driverReturns.js';

export type { Invariant, InvariantBreak, UserInvariant } from './Invariant.js';
export { LIVENESS_BOUND_US } from './returnsInHost.js';

/** The built-in invariants, in the order they are checked (see above). */
export const INVARIANTS: readonly Invariant[] = [rulebookInvariant, requestsCompleted, returnsInHost, noByteLost, noLeaks, tableAgrees, driverReturns];

/** Their names, in the same order. */
export const INVARIANT_NAMES: readonly string[] = INVARIANTS.map((i) => i.name);

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * A user's invariant as a named one, checked after every step on a snapshot of the whole state (a copy:
 * the user may keep it, and cannot change the run). Its name must be kebab-case and not a built-in one.
 */
export function fromUserInvariant(u: UserInvariant): Invariant {
  if (typeof u?.name !== 'string' || !KEBAB.test(u.name)) {
    throw new RangeError(`user invariant ${JSON.stringify(u?.name)}: the name must be kebab-case (like 'my-window-never-shrinks')`);
  }
  if (INVARIANT_NAMES.includes(u.name)) throw new RangeError(`user invariant '${u.name}': the name is already a built-in invariant (${INVARIANT_NAMES.join(', ')})`);
  if (typeof u.check !== 'function') throw new RangeError(`user invariant '${u.name}': check must be a function (state) => string | undefined`);
  return {
    name: u.name,
    source: 'user',
    description: u.description ?? `the user's invariant ${u.name}`,
    when: 'step',
    check: (sim) => {
      let message: unknown;
      try {
        message = u.check(sim.snapshot());
      } catch (e) {
        throw new UserInvariantError(`user invariant '${u.name}' threw: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (message === undefined) return [];
      if (typeof message !== 'string') {
        throw new UserInvariantError(`user invariant '${u.name}' returned ${describe(message)}; expected a string (what broke) or undefined`);
      }
      return [{ invariant: u.name, message }];
    },
  };
}

/** A user's invariant did not keep its contract (it threw, or returned something else than a string or undefined). */
export class UserInvariantError extends Error {
  override name = 'UserInvariantError';
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * The built-in invariants with these names, in catalogue order (all of them for an empty list); an
 * unknown name is a RangeError naming it and the known ones.
 */
export function selectInvariants(names: readonly string[]): Invariant[] {
  for (const n of names) {
    if (!INVARIANT_NAMES.includes(n)) throw new RangeError(`unknown invariant '${n}' (expected one of ${INVARIANT_NAMES.join(', ')})`);
  }
  return names.length === 0 ? [...INVARIANTS] : INVARIANTS.filter((i) => names.includes(i.name));
}

/**
 * Checks `invariants` now: the 'step' ones always, the 'quiescent' ones only when `quiescent` (nothing
 * pending; the caller says so). Checking changes nothing: the rulebook's "eventually" rules are judged
 * where the run judges them (`sim.run()`, `deliver: all`, the end of a scenario; `chimney explore` at
 * every state where nothing is pending), so a run and its replay as a scenario stay the same run.
 */
export function checkInvariants(sim: Simulation, invariants: readonly Invariant[], quiescent: boolean): InvariantBreak[] {
  const out: InvariantBreak[] = [];
  for (const inv of invariants) {
    if (inv.when === 'quiescent' && !quiescent) continue;
    for (const b of inv.check(sim)) out.push(b);
  }
  return out;
}

/**
 * A named invariant of the whole system, checked by `chimney check` / `chimney explore` after every step
 * of a run (or only when nothing is pending): what it is called, where the property comes from, and the
 * check, which reads the simulation and returns what broke. Built-in ones are listed in index.ts; a user
 * adds their own as a function of the snapshot (UserInvariant).
 */
import type { Simulation } from '../../system/Simulation.js';
import type { SimulationState } from '../../system/SimulationState.js';

/** One broken invariant: its name and one line saying what broke (connection, layer, call). */
export interface InvariantBreak { readonly invariant: string; readonly message: string }

export interface Invariant {
  /** kebab-case, unique; for the rulebook invariant each break is named by the rule id instead. */
  readonly name: string;
  /** Where the property comes from: 'reference §8 item 7', 'WDK: NdisMTcpOffloadSendComplete', 'rulebook'. */
  readonly source: string;
  /** One sentence, plain language. */
  readonly description: string;
  /** 'step': checked after every step; 'quiescent': only when nothing is pending (sim.pending().length === 0). */
  readonly when: 'step' | 'quiescent';
  check(sim: Simulation): InvariantBreak[];
}

/** A user's own invariant: a function of the snapshot, returning what broke or undefined. */
export interface UserInvariant { readonly name: string; readonly description?: string; check(state: SimulationState): string | undefined }

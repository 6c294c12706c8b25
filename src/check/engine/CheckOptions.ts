/** What `checkDriver` (and `chimney check`) is asked to check, and how hard. */
import type { MachineDriver } from '../../drivers/fromMachine.js';
import type { AnyIntermediateDriver } from '../../drivers/IntermediateDriver.js';
import type { AnyOffloadTarget } from '../../drivers/OffloadTarget.js';
import type { ActionStep } from '../../scenario/performStep.js';
import type { FaultName } from '../../system/faults.js';
import type { UserInvariant } from '../invariants/Invariant.js';

export interface CheckOptions {
  /** Your intermediate driver: every intermediate driver of the run is one (default: the reference pass-through driver). */
  intermediateDriver?: AnyIntermediateDriver | MachineDriver;
  /** Your offload target (default: the reference target). */
  target?: AnyOffloadTarget | MachineDriver;
  /** Deliberate faults of the catalogue, by name (for the catalogue's own tests and for teaching). */
  faults?: readonly FaultName[];
  /** At most this many intermediate drivers (default 1; at least 1 when you give an intermediate driver). */
  ims?: number;
  /** At most this many connections (default 2). */
  connections?: number;
  /** Random runs (default 1,000). */
  runs?: number;
  /** The seed of the runs (default: a new one, reported in the result). */
  seed?: number;
  /** At most this many commands per run, before the fixed ending (default 20). */
  steps?: number;
  /** Your own invariants, each a function of the snapshot. */
  invariants?: readonly UserInvariant[];
  /** Where your modules are (for the counterexample scenario's topology), as given on the command line. */
  modules?: { driver?: string; target?: string };
  /** Told of every run and step as it starts (the watchdog keeps them), and of progress. */
  observer?: RunObserver;
}

export interface RunObserver {
  runStarted(config: RunConfig): void;
  stepStarted(step: ActionStep): void;
  /** Runs finished so far (every 100 runs, and at the end). */
  progress?(runs: number): void;
}

/** The shape of one run: fast-check shrinks it toward fewer connections and intermediate drivers. */
export interface RunConfig {
  ims: number;
  /**
   * One entry per connection (c1, c2 ...): the last byte of its remote address, 10.0.0.2 or 10.0.0.3.
   * Connections to the same address share a path and a neighbor; to different ones, they share nothing.
   */
  remotes: number[];
  /** The host's socket receive buffer (65,535 unless a run chose a small one). */
  receiveBuffer: number;
}

/**
 * What a run exercised, for `chimney explore`'s coverage report: the rules the rulebook asked (a rule
 * asked about a crossing, a state change or quiescence it cares about was exercised), and the state
 * changes the layers made (each a machine transition: a state, the call or event that drove it, the
 * next state). Optional: a simulation without one records nothing.
 */
import type { Crossing } from './Crossing.js';
import type { StateChange } from './Rule.js';

export interface CoverageRecorder {
  rule(id: string): void;
  crossing(c: Crossing): void;
  stateChange(s: StateChange): void;
}
